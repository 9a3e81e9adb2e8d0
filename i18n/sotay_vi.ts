<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AssistDialog</name>
    <message>
        <source>New help session</source>
        <translation>Thêm lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Help session</source>
        <translation>Lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Type a name or phone</source>
        <translation>Gõ họ tên hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>New resident…</source>
        <translation>Thêm người dân mới…</translation>
    </message>
    <message>
        <source>Helped by</source>
        <translation>Người hỗ trợ</translation>
    </message>
    <message>
        <source>%1 (removed)</source>
        <translation>%1 (đã xóa)</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Why not done / referred to</source>
        <translation>Lý do chưa xong / chuyển đến đâu</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>No resident chosen</source>
        <translation>Chưa chọn người dân</translation>
    </message>
</context>
<context>
    <name>AssistsPage</name>
    <message>
        <source>Citizen help</source>
        <translation>Hỗ trợ người dân</translation>
    </message>
    <message>
        <source>New help session</source>
        <translation>Thêm lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Print sign-off sheet…</source>
        <translation>In danh sách ký nhận…</translation>
    </message>
    <message>
        <source>Search by resident name or phone</source>
        <translation>Tìm theo tên người dân hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Helped by</source>
        <translation>Người hỗ trợ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>Tất cả nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>All neighbourhoods</source>
        <translation>Tất cả khu phố/ấp</translation>
    </message>
    <message>
        <source>Help sign-off sheet</source>
        <translation>Danh sách ký nhận hỗ trợ</translation>
    </message>
    <message>
        <source>Delete the help session for %1 on %2 (%3)?</source>
        <translation>Xóa lượt hỗ trợ cho %1 ngày %2 (%3)?</translation>
    </message>
</context>
<context>
    <name>AttentionDialog</name>
    <message>
        <source>Changes that need attention</source>
        <translation>Thay đổi cần xem lại</translation>
    </message>
    <message>
        <source>These changes were not applied on the commune&apos;s server. Nothing has been overwritten: choose what to keep.</source>
        <translation>Những thay đổi này chưa được ghi lên máy chủ của xã/phường. Không có gì bị ghi đè: hãy chọn giữ bản nào.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>On this laptop</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Trên máy chủ</translation>
    </message>
    <message>
        <source>Keep this laptop&apos;s version</source>
        <translation>Giữ bản trên máy này</translation>
    </message>
    <message>
        <source>Take the server&apos;s version</source>
        <translation>Lấy bản trên máy chủ</translation>
    </message>
    <message>
        <source>Seen, remove from the list</source>
        <translation>Đã xem, bỏ khỏi danh sách</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Hai nơi cùng sửa</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Changed on another laptop too</source>
        <translation>Máy khác cũng đã sửa bản ghi này</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Training topics</source>
        <translation>Chủ đề tập huấn</translation>
    </message>
    <message>
        <source>Help services</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Double-click a name to rename it. Untick what your team no longer uses: past records keep it.</source>
        <translation>Bấm đúp vào một tên để đổi tên. Bỏ dấu tích ở mục tổ không còn dùng nữa: các bản ghi cũ vẫn giữ nguyên mục đó.</translation>
    </message>
    <message>
        <source>Standard indicator:</source>
        <translation>Chỉ tiêu:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không)</translation>
    </message>
    <message>
        <source>Standard indicator of the chosen item</source>
        <translation>Chỉ tiêu của mục đang chọn</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>Mục mới</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed while you were editing</source>
        <translation>Đã có thay đổi trong lúc bạn sửa</translation>
    </message>
    <message>
        <source>This record was deleted while the form was open (by another laptop of the team, or in another window). Save yours to keep it, or let it go.</source>
        <translation>Bản ghi này đã bị xóa trong lúc biểu mẫu đang mở (từ một máy khác của tổ, hoặc ở một cửa sổ khác). Lưu bản của bạn để giữ lại, hoặc bỏ bản của bạn (chấp nhận bản ghi đã bị xóa).</translation>
    </message>
    <message>
        <source>This record was changed while the form was open (by another laptop of the team, or in another window). Nothing was overwritten. The differences are in bold: keep yours, or take the saved one.</source>
        <translation>Bản ghi này đã được sửa trong lúc biểu mẫu đang mở (từ một máy khác của tổ, hoặc ở một cửa sổ khác). Chưa có gì bị ghi đè. Chỗ khác nhau được in đậm: giữ bản của bạn, hoặc lấy bản đã lưu.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>Saved now</source>
        <translation>Bản đã lưu</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Bản của bạn</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(đã xóa)</translation>
    </message>
    <message>
        <source>Save mine over it</source>
        <translation>Lưu đè bằng bản của bạn</translation>
    </message>
    <message>
        <source>Take the saved one</source>
        <translation>Lấy bản đã lưu</translation>
    </message>
    <message>
        <source>Let it go</source>
        <translation>Bỏ bản của bạn</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục sửa</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to the commune</source>
        <translation>Kết nối với xã/phường</translation>
    </message>
    <message>
        <source>The commune gives each laptop a one-time code. Type the server&apos;s address and the code, then check which team it is for.</source>
        <translation>Xã/phường cấp cho mỗi máy một mã dùng một lần. Nhập địa chỉ máy chủ và mã, rồi kiểm tra xem mã dành cho tổ nào.</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.10:8700</source>
        <translation>ví dụ 192.168.1.10:8700</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Check the code</source>
        <translation>Kiểm tra mã</translation>
    </message>
    <message>
        <source>Connect this laptop</source>
        <translation>Kết nối máy này</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Type the server&apos;s address and the code.</source>
        <translation>Hãy nhập địa chỉ máy chủ và mã.</translation>
    </message>
    <message>
        <source>This code is for:</source>
        <translation>Mã này dành cho:</translation>
    </message>
    <message>
        <source>If this is your team, connect. The team&apos;s records on the server come to this laptop, and this laptop&apos;s records go to the server.</source>
        <translation>Nếu đúng là tổ của bạn, hãy kết nối. Dữ liệu của tổ trên máy chủ sẽ về máy này, và dữ liệu của máy này sẽ được gửi lên máy chủ.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Opened for reading only</source>
        <translation>Chỉ mở để xem</translation>
    </message>
    <message>
        <source>The data folder cannot be written to (a write-protected disk or USB stick, or no permission). You can look at the team&apos;s records and print them, but not record anything. To record again, copy the folder to the laptop&apos;s own disk or ask for help with its permissions.</source>
        <translation>Không ghi được vào thư mục dữ liệu (ổ đĩa hoặc USB đang bị khóa ghi, hoặc không có quyền). Bạn có thể xem và in các bản ghi của tổ, nhưng không ghi thêm được. Để ghi lại được, hãy chép thư mục sang ổ đĩa của máy tính, hoặc nhờ người hỗ trợ về quyền truy cập.</translation>
    </message>
    <message>
        <source>Saving is paused</source>
        <translation>Tạm thời chưa lưu được</translation>
    </message>
    <message>
        <source>The data file cannot be written to now, so nothing new can be saved. You can look at the records. Once the cause below is put right, save again: no restart is needed.</source>
        <translation>Hiện không ghi được vào tệp dữ liệu nên chưa lưu thêm được gì. Bạn vẫn xem được các bản ghi. Khi đã khắc phục nguyên nhân dưới đây, hãy lưu lại: không cần khởi động lại ứng dụng.</translation>
    </message>
    <message>
        <source>The daily backup was not made</source>
        <translation>Chưa tạo được bản sao lưu hằng ngày</translation>
    </message>
    <message>
        <source>Today&apos;s backup of the data could not be made. Your records are safe and you can go on working; the backup is tried again later.</source>
        <translation>Không tạo được bản sao lưu dữ liệu hôm nay. Các bản ghi của bạn vẫn an toàn và bạn có thể tiếp tục làm việc; ứng dụng sẽ thử sao lưu lại sau.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Đã xảy ra lỗi</translation>
    </message>
    <message>
        <source>The app met an unexpected problem. What you had saved is safe. Please copy the report below and send it to whoever supports your team.</source>
        <translation>Ứng dụng gặp sự cố ngoài dự kiến. Những gì bạn đã lưu vẫn an toàn. Vui lòng sao chép báo cáo bên dưới và gửi cho người đang hỗ trợ kỹ thuật cho tổ.</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Sao chép báo cáo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>DataCheck</name>
    <message>
        <source>Checking the data file…</source>
        <translation>Đang kiểm tra tệp dữ liệu…</translation>
    </message>
    <message>
        <source>Checked: %1 residents, %2 trainings and %3 help sessions.</source>
        <translation>Đã kiểm tra: %1 người dân, %2 buổi tập huấn và %3 lượt hỗ trợ.</translation>
    </message>
    <message>
        <source>Check data</source>
        <translation>Kiểm tra dữ liệu</translation>
    </message>
    <message>
        <source>%1 records that other records refer to were missing on this laptop (a sync cut short, in an older version of the app).</source>
        <translation>%1 bản ghi mà các bản ghi khác nhắc tới bị thiếu trên máy này (do một lần đồng bộ bị ngắt giữa chừng ở phiên bản cũ của ứng dụng).</translation>
    </message>
    <message>
        <source>This laptop is not connected to the commune&apos;s server, so they cannot be brought back now. Connect it (Sync → Connect to the commune…) and check the data again.</source>
        <translation>Máy này chưa kết nối với máy chủ của xã/phường nên chưa lấy lại được. Hãy kết nối (Đồng bộ → Kết nối với xã/phường…) rồi kiểm tra dữ liệu lại.</translation>
    </message>
    <message>
        <source>This laptop brought back %1 of them from the commune&apos;s server.</source>
        <translation>Máy này đã lấy lại %1 bản ghi trong số đó từ máy chủ của xã/phường.</translation>
    </message>
    <message>
        <source>%1 could not be found on the server either (%2). The records that refer to them are kept as they are: ask the team&apos;s other laptops to sync, and the next check will look again.</source>
        <translation>%1 bản ghi không có cả trên máy chủ (%2). Các bản ghi nhắc tới chúng vẫn được giữ nguyên: hãy nhờ các máy khác của tổ đồng bộ, lần kiểm tra sau sẽ tìm lại.</translation>
    </message>
    <message>
        <source>Nothing was deleted.</source>
        <translation>Không có gì bị xóa.</translation>
    </message>
    <message>
        <source>The commune&apos;s server could not be asked for them: %1</source>
        <translation>Không hỏi được máy chủ của xã/phường về các bản ghi này: %1</translation>
    </message>
    <message>
        <source>Nothing was deleted; the next check will try again.</source>
        <translation>Không có gì bị xóa; lần kiểm tra sau sẽ thử lại.</translation>
    </message>
    <message>
        <source>The check found damage in an index of the data file: a sorted list the app keeps to find records fast, which holds no records of its own. Some lists or searches may have missed records. The index has been rebuilt from your records and the file now passes the check: nothing was lost.</source>
        <translation>Lần kiểm tra phát hiện một chỉ mục của tệp dữ liệu bị hỏng: đó là một danh sách sắp xếp ứng dụng dùng để tìm bản ghi cho nhanh, tự nó không chứa bản ghi nào. Một số danh sách hoặc kết quả tìm kiếm có thể đã bị sót bản ghi. Chỉ mục đã được dựng lại từ các bản ghi của bạn và tệp nay đã qua kiểm tra: không mất gì cả.</translation>
    </message>
    <message>
        <source>If this happens again, the disk may be failing: ask for help.</source>
        <translation>Nếu việc này lặp lại, ổ đĩa có thể đang hỏng: hãy nhờ người hỗ trợ.</translation>
    </message>
    <message>
        <source>The data file passed the full check. Nothing needs to be done.</source>
        <translation>Tệp dữ liệu đã qua kiểm tra đầy đủ. Không cần làm gì thêm.</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>%1: check the year.</source>
        <translation>%1: hãy kiểm tra lại năm.</translation>
    </message>
    <message>
        <source>%1 is not a date on the calendar.</source>
        <translation>Không có ngày %1 trên lịch.</translation>
    </message>
    <message>
        <source>Type the whole date: day, month and year, for example 15/11/2026.</source>
        <translation>Hãy gõ đủ ngày, tháng và năm, ví dụ 15/11/2026.</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Already recorded?</source>
        <translation>Đã có trong sổ?</translation>
    </message>
    <message>
        <source>This looks like someone already recorded (same name and birth year, or same phone). Use the existing person instead?</source>
        <translation>Người này có vẻ đã được ghi trước đó (trùng họ tên và năm sinh, hoặc trùng số điện thoại). Dùng người đã có thay vì thêm mới?</translation>
    </message>
    <message>
        <source>Use this person</source>
        <translation>Dùng người này</translation>
    </message>
    <message>
        <source>Save as a new person</source>
        <translation>Lưu thành người mới</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Quay lại</translation>
    </message>
</context>
<context>
    <name>EarlierClassDialog</name>
    <message>
        <source>Start from an earlier class</source>
        <translation>Lấy danh sách từ buổi trước</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4 people</source>
        <translation>%1 · %2 · %3 · %4 người</translation>
    </message>
    <message>
        <source>Add these people</source>
        <translation>Thêm những người này</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>EncodingDialog</name>
    <message>
        <source>How should the letters of %1 be read?</source>
        <translation>Đọc chữ trong %1 theo cách nào?</translation>
    </message>
    <message>
        <source>Some letters of this file do not read correctly: it was saved in an encoding the app cannot be sure of. Choose the one in which the names read correctly.</source>
        <translation>Một số chữ trong tệp này đọc ra không đúng: tệp được lưu theo một bảng mã mà ứng dụng không chắc chắn. Hãy chọn cách đọc cho ra họ tên đúng.</translation>
    </message>
    <message>
        <source>%1 rows would still be garbled and not imported.</source>
        <translation>Vẫn còn %1 dòng bị lỗi chữ và sẽ không được nhập.</translation>
    </message>
    <message>
        <source>If no choice reads correctly, the file is in an old font encoding (TCVN3 also called ABC, or VNI), or its letters were lost (shown as “?”) when it was saved. Open it in Excel, convert it to Unicode (for example with UniKey&apos;s converter), save it as “CSV UTF-8” or as an Excel workbook (.xlsx), then import that.</source>
        <translation>Nếu không cách nào đọc đúng, tệp đang dùng bảng mã phông cũ (TCVN3 còn gọi là ABC, hoặc VNI), hoặc chữ đã bị mất (hiện thành “?”) khi lưu. Hãy mở tệp trong Excel, chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey), lưu dưới dạng “CSV UTF-8” hoặc tệp Excel (.xlsx), rồi nhập tệp đó.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The disk is full. Free some space (for example empty the Recycle Bin), then try again. Nothing you entered was lost.</source>
        <translation>Ổ đĩa đã đầy. Hãy giải phóng bớt dung lượng (ví dụ dọn sạch Thùng rác), rồi thử lại. Những gì bạn đã nhập không bị mất.</translation>
    </message>
    <message>
        <source>The data file is busy. Close other copies of the app and try again.</source>
        <translation>Tệp dữ liệu đang bận. Hãy đóng các cửa sổ khác của ứng dụng đang mở rồi thử lại.</translation>
    </message>
    <message>
        <source>The data folder cannot be written to. Check that the disk is not write-protected and that you have permission.</source>
        <translation>Không ghi được vào thư mục dữ liệu. Hãy kiểm tra xem ổ đĩa có bị khóa chống ghi không và bạn có quyền ghi vào thư mục này không.</translation>
    </message>
    <message>
        <source>The file could not be read or written: %1</source>
        <translation>Không đọc hoặc ghi được tệp: %1</translation>
    </message>
    <message>
        <source>The data file could not be read or written. Check that the disk is connected and working, then try again.</source>
        <translation>Không đọc hoặc ghi được tệp dữ liệu. Hãy kiểm tra xem ổ đĩa đã được kết nối và đang hoạt động bình thường chưa, rồi thử lại.</translation>
    </message>
    <message>
        <source>This record was changed while the form was open (by another laptop of the team, or in another window). Nothing was overwritten, and what you typed is still in the form: note it, close the form, open the record again and enter your changes.</source>
        <translation>Bản ghi này đã được sửa trong lúc biểu mẫu đang mở (từ một máy khác của tổ, hoặc ở một cửa sổ khác). Không có gì bị ghi đè, và những gì bạn đã nhập vẫn còn trong biểu mẫu: hãy ghi lại, đóng biểu mẫu, mở lại bản ghi rồi nhập lại phần sửa của bạn.</translation>
    </message>
    <message>
        <source>This data was saved by a newer version of Sổ tay CNS than the one installed (%1). It was not opened, so nothing in it was changed. Install the newer version again (the commune&apos;s server or the person who set up the laptop has it), then open the app.</source>
        <translation>Dữ liệu này do một phiên bản Sổ tay CNS mới hơn bản đang cài (%1) lưu. Ứng dụng không mở dữ liệu nên không có gì bị thay đổi. Hãy cài lại phiên bản mới hơn (máy chủ của xã/phường hoặc người cài máy có bản này), rồi mở ứng dụng.</translation>
    </message>
    <message>
        <source>The app is repairing the data file. Wait a moment, then save again. Nothing you entered was lost.</source>
        <translation>Ứng dụng đang sửa tệp dữ liệu. Hãy đợi một lát rồi lưu lại. Những gì bạn đã nhập không bị mất.</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>Không lưu được</translation>
    </message>
    <message>
        <source>Cannot open the data</source>
        <translation>Không mở được dữ liệu</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Could not save</source>
        <translation>Không lưu được</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Chưa lưu thay đổi</translation>
    </message>
    <message>
        <source>You have changed this form. Save the changes?</source>
        <translation>Bạn đã sửa biểu mẫu này. Lưu các thay đổi?</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Bỏ thay đổi</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Tiếp tục sửa</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>User guide</source>
        <translation>Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Mục lục</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>The user guide was not found on this computer. Install the app again, or ask the person who set it up.</source>
        <translation>Không tìm thấy tài liệu hướng dẫn trên máy này. Hãy cài lại ứng dụng, hoặc nhờ người đã cài đặt giúp.</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>Sổ tay CNS is open with this profile. Close it, then try again.</source>
        <translation>Sổ tay CNS đang mở với hồ sơ này. Hãy đóng ứng dụng rồi thử lại.</translation>
    </message>
    <message>
        <source>Not synced: %1</source>
        <translation>Chưa đồng bộ được: %1</translation>
    </message>
    <message>
        <source>The code is for the team %1 of %2, %3.</source>
        <translation>Mã này dành cho tổ %1 của %2, %3.</translation>
    </message>
    <message>
        <source>Connected. The laptop&apos;s key is kept in Windows Credential Manager.</source>
        <translation>Đã kết nối. Khóa của máy được giữ trong Trình quản lý thông tin xác thực của Windows (Credential Manager).</translation>
    </message>
    <message>
        <source>Connected. The laptop&apos;s key is kept in the system&apos;s keyring.</source>
        <translation>Đã kết nối. Khóa của máy được giữ trong kho khóa của hệ thống.</translation>
    </message>
    <message>
        <source>Connected. This computer has no keyring: the laptop&apos;s key is kept in a file of the profile that only this user can read.</source>
        <translation>Đã kết nối. Máy này không có kho khóa: khóa của máy được giữ trong một tệp của hồ sơ mà chỉ người dùng này đọc được.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Chưa kết nối được: %1</translation>
    </message>
    <message>
        <source>Synced: %1 changes waiting, %2 to review.</source>
        <translation>Đã đồng bộ: %1 thay đổi chờ gửi, %2 thay đổi cần xem lại.</translation>
    </message>
    <message>
        <source>This laptop is not connected to the commune&apos;s server.</source>
        <translation>Máy này chưa kết nối với máy chủ của xã/phường.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of %1</source>
        <translation>Lịch sử tham gia của %1</translation>
    </message>
    <message>
        <source>Classes attended: %1 · Help sessions: %2</source>
        <translation>Số buổi đã dự: %1 · Số lượt được hỗ trợ: %2</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Các buổi tập huấn</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>present</source>
        <translation>có mặt</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>vắng</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>đã đăng ký</translation>
    </message>
    <message>
        <source>Help received</source>
        <translation>Các lượt được hỗ trợ</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>The file was not found. It may have been moved or deleted.</source>
        <translation>Không tìm thấy tệp. Có thể tệp đã bị chuyển đi hoặc bị xóa.</translation>
    </message>
    <message>
        <source>The file is empty: there is no list in it.</source>
        <translation>Tệp trống: không có danh sách nào trong đó.</translation>
    </message>
    <message>
        <source>The file is larger than %1 MB. Is it really a list of residents?</source>
        <translation>Tệp lớn hơn %1 MB. Đây có đúng là danh sách người dân không?</translation>
    </message>
    <message>
        <source>The list has more than %1 rows. Split it into smaller files (for example one per neighbourhood) and import them one after the other.</source>
        <translation>Danh sách có hơn %1 dòng. Hãy chia thành các tệp nhỏ hơn (ví dụ mỗi khu phố/ấp một tệp) rồi nhập lần lượt từng tệp.</translation>
    </message>
    <message>
        <source>This file is not a spreadsheet. Choose an Excel workbook (.xlsx) or a CSV file.</source>
        <translation>Tệp này không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc tệp CSV.</translation>
    </message>
    <message>
        <source>The file is damaged and cannot be read. Open it in Excel, save it again as an Excel workbook (.xlsx), then import that.</source>
        <translation>Tệp bị hỏng, không đọc được. Hãy mở tệp bằng Excel, lưu lại thành tệp Excel (.xlsx), rồi nhập tệp đó.</translation>
    </message>
    <message>
        <source>This is a LibreOffice file (.ods). Save it as an Excel workbook (.xlsx) or as CSV, then import that.</source>
        <translation>Đây là tệp LibreOffice (.ods). Hãy lưu lại thành tệp Excel (.xlsx) hoặc CSV, rồi nhập tệp đó.</translation>
    </message>
    <message>
        <source>The file is protected by a password. Open it in Excel, remove the password (File, Info, Protect Workbook), save it, then import it.</source>
        <translation>Tệp được khóa bằng mật khẩu. Hãy mở tệp bằng Excel, bỏ mật khẩu (Tệp, Thông tin, Bảo vệ sổ làm việc), lưu lại, rồi nhập tệp.</translation>
    </message>
    <message>
        <source>The letters of this CSV file cannot be read. Save it from Excel as “CSV UTF-8” or as an Excel workbook (.xlsx), then import that.</source>
        <translation>Không đọc được chữ trong tệp CSV này. Hãy lưu lại từ Excel dưới dạng “CSV UTF-8” hoặc tệp Excel (.xlsx), rồi nhập tệp đó.</translation>
    </message>
    <message>
        <source>The letters of this CSV file do not read correctly. Save it from Excel as “CSV UTF-8” or as an Excel workbook (.xlsx), then import that.</source>
        <translation>Chữ trong tệp CSV này đọc ra không đúng. Hãy lưu lại từ Excel dưới dạng “CSV UTF-8” hoặc tệp Excel (.xlsx), rồi nhập tệp đó.</translation>
    </message>
    <message>
        <source>The column titles have merged cells (%1), so a title cannot be matched to its column. Unmerge them in Excel so that each column has its own title in one row, then import again.</source>
        <translation>Dòng tiêu đề cột có ô gộp (%1), nên không biết tiêu đề thuộc cột nào. Hãy bỏ gộp ô trong Excel để mỗi cột có tiêu đề riêng trên một dòng, rồi nhập lại.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>No name</source>
        <translation>Thiếu họ tên</translation>
    </message>
    <message>
        <source>The name “%1” has no letters</source>
        <translation>Họ tên “%1” không có chữ</translation>
    </message>
    <message>
        <source>The name is too long</source>
        <translation>Họ tên quá dài</translation>
    </message>
    <message>
        <source>Gender “%1” not understood: left blank</source>
        <translation>Không hiểu giới tính “%1”: để trống</translation>
    </message>
    <message>
        <source>Birth year “%1” not understood: left blank</source>
        <translation>Không hiểu năm sinh “%1”: để trống</translation>
    </message>
    <message>
        <source>Phone “%1” is not a Vietnamese number: left blank</source>
        <translation>Số điện thoại “%1” không đúng số Việt Nam: để trống</translation>
    </message>
    <message>
        <source>The note is too long</source>
        <translation>Ghi chú quá dài</translation>
    </message>
    <message>
        <source>The letters of “%1” are garbled: the file&apos;s encoding is wrong</source>
        <translation>Chữ trong “%1” bị lỗi: tệp bị đọc sai bảng mã</translation>
    </message>
    <message>
        <source>Not a person: the place and date</source>
        <translation>Không phải người dân: nơi và ngày tháng</translation>
    </message>
    <message>
        <source>Not a person: a signer&apos;s title</source>
        <translation>Không phải người dân: chức danh người ký</translation>
    </message>
    <message>
        <source>Not a person: the line to sign on</source>
        <translation>Không phải người dân: dòng để ký tên</translation>
    </message>
    <message>
        <source>Not a person: a total</source>
        <translation>Không phải người dân: dòng tổng cộng</translation>
    </message>
    <message>
        <source>Not a person: a signer&apos;s name, under the list</source>
        <translation>Không phải người dân: tên người ký, dưới danh sách</translation>
    </message>
    <message>
        <source>Unicode (UTF-8)</source>
        <translation>Unicode (UTF-8)</translation>
    </message>
    <message>
        <source>Vietnamese Windows (Windows-1258)</source>
        <translation>Windows tiếng Việt (Windows-1258)</translation>
    </message>
    <message>
        <source>May already be recorded: %1</source>
        <translation>Có thể đã có: %1</translation>
    </message>
    <message>
        <source>Same person as row %1?</source>
        <translation>Trùng với dòng %1?</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Sẵn sàng</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>Tất cả các dòng</translation>
    </message>
    <message>
        <source>Maybe already recorded</source>
        <translation>Có thể đã có</translation>
    </message>
    <message>
        <source>With a problem</source>
        <translation>Có vấn đề</translation>
    </message>
    <message>
        <source>Cannot be imported</source>
        <translation>Không nhập được</translation>
    </message>
    <message>
        <source>Not a person</source>
        <translation>Không phải người dân</translation>
    </message>
    <message>
        <source>Import residents from %1</source>
        <translation>Nhập người dân từ %1</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Trang tính</translation>
    </message>
    <message>
        <source>Which column holds what</source>
        <translation>Cột nào ghi gì</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Hiện</translation>
    </message>
    <message>
        <source>Tick all shown</source>
        <translation>Chọn hết các dòng đang hiện</translation>
    </message>
    <message>
        <source>Untick all shown</source>
        <translation>Bỏ chọn các dòng đang hiện</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>(không nhập)</translation>
    </message>
    <message>
        <source>Reading the rows…</source>
        <translation>Đang đọc các dòng…</translation>
    </message>
    <message>
        <source>Import %1 residents</source>
        <translation>Nhập %1 người dân</translation>
    </message>
    <message>
        <source>Choose the column that holds the full name.</source>
        <translation>Hãy chọn cột ghi họ và tên.</translation>
    </message>
    <message>
        <source>There are no rows under the column titles.</source>
        <translation>Không có dòng nào dưới dòng tiêu đề.</translation>
    </message>
    <message>
        <source>New neighbourhoods will be added to the team: %1</source>
        <translation>Các khu phố/ấp mới sẽ được thêm vào tổ: %1</translation>
    </message>
    <message>
        <source>The letters of %1 rows are garbled: the file was saved in another encoding. Save it from Excel as “CSV UTF-8” and import it again.</source>
        <translation>Chữ trong %1 dòng bị lỗi: tệp được lưu theo bảng mã khác. Hãy lưu lại từ Excel dưới dạng “CSV UTF-8” rồi nhập lại.</translation>
    </message>
    <message>
        <source>The letters of %1 rows are garbled: they were typed in an old font encoding (TCVN3, also called ABC, or VNI). Convert the sheet to Unicode (for example with UniKey&apos;s converter), save it, then import it again.</source>
        <translation>Chữ trong %1 dòng bị lỗi: chúng được gõ theo bảng mã cũ (TCVN3, còn gọi là ABC, hoặc VNI). Hãy chuyển trang tính sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey), lưu lại rồi nhập lại.</translation>
    </message>
    <message>
        <source>%1 rows are not people (the place and date, signatures or totals under the list): they are shown greyed and not imported.</source>
        <translation>%1 dòng không phải người dân (nơi và ngày tháng, chữ ký hoặc dòng tổng cộng dưới danh sách): các dòng này hiện màu xám và không được nhập.</translation>
    </message>
    <message>
        <source>Rows that may already be recorded or have a problem are not ticked: tick those you want to import anyway.</source>
        <translation>Các dòng có thể đã có hoặc có vấn đề chưa được chọn: hãy đánh dấu những dòng bạn vẫn muốn nhập.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Đang nhập…</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>Chưa nhập được</translation>
    </message>
    <message>
        <source>%1 residents added.</source>
        <translation>Đã thêm %1 người dân.</translation>
    </message>
    <message>
        <source>%1 residents updated.</source>
        <translation>Đã cập nhật %1 người dân.</translation>
    </message>
    <message>
        <source>Neighbourhoods added: %1</source>
        <translation>Đã thêm khu phố/ấp: %1</translation>
    </message>
    <message>
        <source>%1 rows not imported:</source>
        <translation>%1 dòng không nhập:</translation>
    </message>
    <message>
        <source>maybe already recorded</source>
        <translation>có thể đã có</translation>
    </message>
    <message>
        <source>no usable name</source>
        <translation>thiếu họ tên hợp lệ</translation>
    </message>
    <message>
        <source>with a problem, not ticked</source>
        <translation>có vấn đề, không được chọn</translation>
    </message>
    <message>
        <source>not ticked</source>
        <translation>không được chọn</translation>
    </message>
    <message>
        <source>%1 rows under the list are not people (place and date, signatures, totals): left out.</source>
        <translation>%1 dòng dưới danh sách không phải người dân (nơi và ngày tháng, chữ ký, tổng cộng): đã bỏ qua.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Đã nhập xong</translation>
    </message>
    <message>
        <source>Save the rows not imported…</source>
        <translation>Lưu các dòng không nhập…</translation>
    </message>
</context>
<context>
    <name>Instance</name>
    <message>
        <source>The app is already open on this computer but does not answer. Wait a minute and start it again. If its window still does not appear, restart the computer.</source>
        <translation>Ứng dụng đã được mở trên máy này nhưng không phản hồi. Hãy đợi một phút rồi mở lại. Nếu cửa sổ của ứng dụng vẫn không hiện ra, hãy khởi động lại máy tính.</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Search…</source>
        <translation>Tìm kiếm…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Tìm kiếm</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Xuất Excel…</translation>
    </message>
    <message>
        <source>The list as shown (its filters and order), as an XLSX workbook</source>
        <translation>Danh sách đang hiển thị (theo bộ lọc và thứ tự sắp xếp), lưu thành tệp Excel (XLSX)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Xuất Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Tệp Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>Chưa xuất được</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>Đã xuất: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n bản ghi</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Đã xóa.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Trainings</source>
        <translation>Buổi tập huấn</translation>
    </message>
    <message>
        <source>Citizen help</source>
        <translation>Hỗ trợ người dân</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Opening your data…</source>
        <translation>Đang mở dữ liệu…</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Thanh công cụ chính</translation>
    </message>
    <message>
        <source>Recording as:</source>
        <translation>Người ghi:</translation>
    </message>
    <message>
        <source>Recording as</source>
        <translation>Người ghi</translation>
    </message>
    <message>
        <source>A-</source>
        <translation>A-</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Chữ nhỏ hơn</translation>
    </message>
    <message>
        <source>A+</source>
        <translation>A+</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Chữ lớn hơn</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Sao lưu ngay</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>Khôi phục bản sao lưu…</translation>
    </message>
    <message>
        <source>Check data…</source>
        <translation>Kiểm tra dữ liệu…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Quản lý tổ</translation>
    </message>
    <message>
        <source>Team, neighbourhoods and members…</source>
        <translation>Tổ, khu phố/ấp và thành viên…</translation>
    </message>
    <message>
        <source>Training topics…</source>
        <translation>Chủ đề tập huấn…</translation>
    </message>
    <message>
        <source>Help services…</source>
        <translation>Nội dung hỗ trợ…</translation>
    </message>
    <message>
        <source>Change who is recording…</source>
        <translation>Đổi người ghi…</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>Đồng &amp;bộ</translation>
    </message>
    <message>
        <source>Connect to the commune…</source>
        <translation>Kết nối với xã/phường…</translation>
    </message>
    <message>
        <source>Your team is not set up yet. Records are kept for the team and the forms choose from its neighbourhoods and members: set it up first.</source>
        <translation>Tổ của bạn chưa được thiết lập. Các bản ghi được lưu theo tổ và các biểu mẫu chọn từ địa bàn và thành viên của tổ: hãy thiết lập tổ trước.</translation>
    </message>
    <message>
        <source>Set up the team…</source>
        <translation>Thiết lập tổ…</translation>
    </message>
    <message>
        <source>Some neighbourhoods or members appear twice: the team was probably set up on two laptops. Merge them once so that they are counted once.</source>
        <translation>Có khu phố/ấp hoặc tổ viên bị ghi hai lần: có lẽ tổ đã được thiết lập trên hai máy. Hãy gộp lại một lần để mỗi nơi, mỗi người chỉ được tính một lần.</translation>
    </message>
    <message>
        <source>Look at them…</source>
        <translation>Xem và gộp…</translation>
    </message>
    <message>
        <source>Merged. The team&apos;s other laptops get it at their next sync.</source>
        <translation>Đã gộp. Các máy khác của tổ sẽ nhận thay đổi này ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <source>Merge what appears twice…</source>
        <translation>Gộp khu phố/ấp, tổ viên bị ghi hai lần…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <source>Changes that need attention…</source>
        <translation>Thay đổi cần xem lại…</translation>
    </message>
    <message>
        <source>Update the app…</source>
        <translation>Cập nhật ứng dụng…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>User guide…</source>
        <translation>Hướng dẫn sử dụng…</translation>
    </message>
    <message>
        <source>Show log folder</source>
        <translation>Mở thư mục nhật ký</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Giới thiệu</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>&amp;Dữ liệu</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Thêm mới…</translation>
    </message>
    <message>
        <source>Open the chosen one</source>
        <translation>Mở dòng đang chọn</translation>
    </message>
    <message>
        <source>Delete the chosen one…</source>
        <translation>Xóa dòng đang chọn…</translation>
    </message>
    <message>
        <source>Search the list</source>
        <translation>Tìm trong danh sách</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Xuất Excel…</translation>
    </message>
    <message>
        <source>Import residents from Excel…</source>
        <translation>Nhập người dân từ Excel…</translation>
    </message>
    <message>
        <source>Set up your team to start: Team menu.</source>
        <translation>Để bắt đầu, hãy thiết lập thông tin tổ trong trình đơn Quản lý tổ.</translation>
    </message>
    <message>
        <source>Update refused</source>
        <translation>Bản cập nhật bị từ chối</translation>
    </message>
    <message>
        <source>read only</source>
        <translation>chỉ xem</translation>
    </message>
    <message>
        <source>Set up your team first</source>
        <translation>Hãy thiết lập tổ trước</translation>
    </message>
    <message>
        <source>Records are kept for your team, and the forms choose from its neighbourhoods, members and topics. Set up the team first (or connect to the commune if your team already uses the app on another laptop).</source>
        <translation>Các bản ghi được lưu theo tổ, và các biểu mẫu chọn từ địa bàn, thành viên và chủ đề của tổ. Hãy thiết lập tổ trước (hoặc kết nối với xã/phường nếu tổ của bạn đã dùng ứng dụng trên máy khác).</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Để sau</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sao lưu</translation>
    </message>
    <message>
        <source>A backup was saved in %1</source>
        <translation>Đã lưu bản sao lưu vào %1</translation>
    </message>
    <message>
        <source>%1 %2
The notebook of a community digital-technology team.
Data folder: %3</source>
        <translation>%1 %2
Sổ tay của Tổ công nghệ số cộng đồng.
Thư mục dữ liệu: %3</translation>
    </message>
    <message>
        <source>Team id: %1</source>
        <translation>Mã tổ: %1</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Neighbourhoods and members recorded twice</source>
        <translation>Khu phố/ấp và tổ viên bị ghi hai lần</translation>
    </message>
    <message>
        <source>These look the same: the team was probably set up on two laptops before they were connected. Merge each pair once: the residents, trainings and help sessions of the one merged away move to the one kept, on every laptop at its next sync. Untick a pair to leave it for now.</source>
        <translation>Các cặp dưới đây có vẻ là một: có lẽ tổ đã được thiết lập trên hai máy trước khi kết nối. Hãy gộp mỗi cặp một lần: người dân, buổi tập huấn và lượt hỗ trợ của bản bị gộp sẽ chuyển sang bản giữ lại, trên mọi máy ở lần đồng bộ tới. Bỏ chọn một cặp để để lại sau.</translation>
    </message>
    <message>
        <source>Nothing appears twice.</source>
        <translation>Không có gì bị ghi hai lần.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Gộp</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
    </message>
    <message>
        <source>Merged into it</source>
        <translation>Gộp vào bản giữ lại</translation>
    </message>
    <message>
        <source>Merge the ticked pairs</source>
        <translation>Gộp các cặp đã chọn</translation>
    </message>
    <message>
        <source>Not the same: keep both</source>
        <translation>Không trùng: giữ cả hai</translation>
    </message>
    <message>
        <source>Two people (or places) who really share a name: not asked again.</source>
        <translation>Hai người (hoặc hai nơi) thật sự trùng tên: sẽ không hỏi lại.</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Để sau</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <source>merged away already</source>
        <translation>đã được gộp</translation>
    </message>
    <message>
        <source>%1 resident(s)</source>
        <translation>%1 người dân</translation>
    </message>
    <message>
        <source>%1 session(s) led or helped</source>
        <translation>%1 buổi đã dạy hoặc hỗ trợ</translation>
    </message>
    <message>
        <source>A sync changed these records meanwhile (perhaps another laptop merged them). Look at the list again.</source>
        <translation>Trong lúc này, một lần đồng bộ đã thay đổi các bản ghi này (có thể máy khác đã gộp chúng). Hãy xem lại danh sách.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Period:</source>
        <translation>Thời gian:</translation>
    </message>
    <message>
        <source>Print report…</source>
        <translation>In báo cáo…</translation>
    </message>
    <message>
        <source>Training (Bình dân học vụ số)</source>
        <translation>Tập huấn (Bình dân học vụ số)</translation>
    </message>
    <message>
        <source>Trainings held</source>
        <translation>Số buổi tập huấn đã tổ chức</translation>
    </message>
    <message>
        <source>Attendances</source>
        <translation>Lượt người tham dự</translation>
    </message>
    <message>
        <source>Residents trained (each counted once)</source>
        <translation>Số người dân được tập huấn (mỗi người chỉ tính một lần)</translation>
    </message>
    <message>
        <source>of them women</source>
        <translation>trong đó nữ</translation>
    </message>
    <message>
        <source>of them aged 60 or more</source>
        <translation>trong đó từ 60 tuổi trở lên</translation>
    </message>
    <message>
        <source>Trainings planned</source>
        <translation>Số buổi dự kiến</translation>
    </message>
    <message>
        <source>Trainings cancelled</source>
        <translation>Số buổi đã hủy</translation>
    </message>
    <message>
        <source>Help sessions</source>
        <translation>Lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Residents helped</source>
        <translation>Số người dân được hỗ trợ</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Kỳ trước</translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation>Cùng kỳ năm trước</translation>
    </message>
    <message>
        <source>Year so far</source>
        <translation>Từ đầu năm</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>Kỳ này</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Trainings</source>
        <translation>Số buổi</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Đã xong</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Chưa xong</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Chuyển nơi khác</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/ấp</translation>
    </message>
    <message>
        <source>Residents trained</source>
        <translation>Người được tập huấn</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Số người</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Số lượt</translation>
    </message>
    <message>
        <source>Standard indicators</source>
        <translation>Chỉ tiêu chuẩn</translation>
    </message>
    <message>
        <source>By topic</source>
        <translation>Theo chủ đề</translation>
    </message>
    <message>
        <source>Help by service and outcome</source>
        <translation>Hỗ trợ theo nội dung và kết quả</translation>
    </message>
    <message>
        <source>By neighbourhood</source>
        <translation>Theo khu phố/ấp</translation>
    </message>
    <message>
        <source>Reach by neighbourhood</source>
        <translation>Mức độ bao phủ theo khu phố</translation>
    </message>
    <message>
        <source>To update</source>
        <translation>Cần cập nhật</translation>
    </message>
    <message>
        <source>These trainings are still marked as planned, but their date has passed. Open one to mark it held (with who came) or cancelled.</source>
        <translation>Các buổi tập huấn này vẫn đang ghi là dự kiến nhưng đã qua ngày. Mở từng buổi để ghi là đã tổ chức (kèm danh sách người đến) hoặc đã hủy.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Team report</source>
        <translation>Báo cáo của tổ</translation>
    </message>
    <message>
        <source>(no neighbourhood)</source>
        <translation>(chưa ghi khu phố/ấp)</translation>
    </message>
    <message>
        <source>To update: %1</source>
        <translation>Cần cập nhật: %1 buổi</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>All time</source>
        <translation>Từ trước đến nay</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Năm</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Month %1</source>
        <translation>Tháng %1</translation>
    </message>
    <message>
        <source>Quarter %1</source>
        <translation>Quý %1</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preparing the document…</source>
        <translation>Đang tạo tài liệu…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Lưu thành PDF…</translation>
    </message>
    <message>
        <source>Save as XLSX…</source>
        <translation>Lưu thành XLSX…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n trang</numerusform>
        </translation>
    </message>
    <message>
        <source>The document could not be made.</source>
        <translation>Không tạo được tài liệu.</translation>
    </message>
    <message>
        <source>No document</source>
        <translation>Không tạo được tài liệu</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Lưu thành PDF</translation>
    </message>
    <message>
        <source>Save as XLSX</source>
        <translation>Lưu thành XLSX</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Chưa lưu được.</translation>
    </message>
    <message>
        <source>No printer</source>
        <translation>Không có máy in</translation>
    </message>
    <message>
        <source>No printer is installed on this computer. Save the document as PDF and print it from another computer, or install the printer and try again.</source>
        <translation>Máy tính này chưa cài máy in. Hãy lưu tài liệu thành PDF rồi in từ máy khác, hoặc cài máy in rồi thử lại.</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>Đã gửi %n trang tới máy in.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not printed.</source>
        <translation>Chưa in được.</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>Chưa in được</translation>
    </message>
    <message>
        <source>The printer did not start. Check that it is switched on, connected and has paper, then try again. You can also save the document as PDF.</source>
        <translation>Máy in không chạy. Hãy kiểm tra máy in đã bật, đã nối với máy tính và còn giấy, rồi thử lại. Bạn cũng có thể lưu tài liệu thành PDF.</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
</context>
<context>
    <name>RangeDialog</name>
    <message>
        <source>Print sign-off sheet</source>
        <translation>In danh sách ký nhận</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ReachSummary</name>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Adults</source>
        <translation>Người lớn</translation>
    </message>
    <message>
        <source>Figure from</source>
        <translation>Số liệu của</translation>
    </message>
    <message>
        <source>Residents trained</source>
        <translation>Người được tập huấn</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Tỷ lệ</translation>
    </message>
    <message>
        <source>Rate of adults trained: enter the adults of your neighbourhoods (Team screen) to see it.</source>
        <translation>Tỷ lệ người lớn được tập huấn: hãy nhập số người lớn của các khu phố (màn hình Quản lý tổ) để xem.</translation>
    </message>
    <message>
        <source>Rate of adults trained: %1 (%2 of %3 adults; %4 of %5 neighbourhoods counted).</source>
        <translation>Tỷ lệ người lớn được tập huấn: %1 (%2 trên %3 người lớn; %4/%5 khu phố đã có số liệu).</translation>
    </message>
    <message>
        <source>Target %1: %2 of the team&apos;s share %3 (%4).</source>
        <translation>Chỉ tiêu %1: đạt %2 trên phần của tổ là %3 (%4).</translation>
    </message>
    <message>
        <source>Behind schedule.</source>
        <translation>Chậm tiến độ.</translation>
    </message>
    <message>
        <source>commune</source>
        <translation>xã/phường</translation>
    </message>
    <message>
        <source>team</source>
        <translation>tổ</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>yếu</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Your data file is damaged</source>
        <translation>Tệp dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>The data file is damaged and no good backup was found. The app will not write to it. Ask for help and keep the folder %1 as it is.</source>
        <translation>Tệp dữ liệu bị hỏng và không tìm thấy bản sao lưu nào còn dùng được. Ứng dụng sẽ không ghi vào tệp này. Hãy nhờ người hỗ trợ và giữ nguyên thư mục %1, không thay đổi gì.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>A check of the data file found damage that the app cannot repair (for example from a power cut or a failing disk). Nothing has been saved since.

The newest good backup is from %1. Restore it? Work recorded after that time will need to be entered again. The damaged file is kept aside.</source>
        <translation>Lần kiểm tra tệp dữ liệu phát hiện hư hỏng mà ứng dụng không sửa được (ví dụ do mất điện hoặc ổ đĩa sắp hỏng). Từ lúc đó chưa có gì được lưu thêm.

Bản sao lưu tốt mới nhất là từ %1. Khôi phục bản này? Những việc ghi sau thời điểm đó sẽ cần nhập lại. Tệp bị hỏng được giữ lại riêng.</translation>
    </message>
    <message>
        <source>The data file is damaged (for example by a power cut). The app has not written to it.

The newest good backup is from %1. Restore it? Work recorded after that time will need to be entered again. The damaged file is kept aside.</source>
        <translation>Tệp dữ liệu bị hỏng (ví dụ do mất điện đột ngột). Ứng dụng chưa ghi gì vào tệp này.

Bản sao lưu còn tốt gần nhất được lưu lúc %1. Khôi phục bản sao lưu này? Những gì đã ghi sau thời điểm đó sẽ phải nhập lại. Tệp bị hỏng vẫn được giữ lại riêng.</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>Close the app</source>
        <translation>Đóng ứng dụng</translation>
    </message>
    <message>
        <source>The search index of the data file was damaged (for example by a power cut). It holds no records of its own: it has been rebuilt from your records. Nothing was lost.</source>
        <translation>Chỉ mục tìm kiếm của tệp dữ liệu đã bị hỏng (ví dụ do mất điện đột ngột). Tự nó không chứa bản ghi nào: chỉ mục đã được dựng lại từ các bản ghi của bạn. Không mất gì cả.</translation>
    </message>
    <message>
        <source>An index of the data file was damaged (for example by a power cut): a sorted list the app keeps to find records fast, which holds no records of its own. It has been rebuilt from your records. Nothing was lost.</source>
        <translation>Một chỉ mục của tệp dữ liệu đã bị hỏng (ví dụ do mất điện đột ngột): đó là một danh sách sắp xếp ứng dụng dùng để tìm bản ghi cho nhanh, tự nó không chứa bản ghi nào. Chỉ mục đã được dựng lại từ các bản ghi của bạn. Không mất gì cả.</translation>
    </message>
    <message>
        <source>The data file was repaired</source>
        <translation>Tệp dữ liệu đã được sửa</translation>
    </message>
    <message>
        <source>If this happens again, the disk may be failing: ask for help.</source>
        <translation>Nếu việc này lặp lại, ổ đĩa có thể đang hỏng: hãy nhờ người hỗ trợ.</translation>
    </message>
    <message>
        <source>Your data file is missing</source>
        <translation>Không thấy tệp dữ liệu</translation>
    </message>
    <message>
        <source>The data file is empty, although this laptop has backups of the team&apos;s work.</source>
        <translation>Tệp dữ liệu đang trống, dù máy này có các bản sao lưu công việc của tổ.</translation>
    </message>
    <message>
        <source>The data file is missing, although this laptop has backups of the team&apos;s work.</source>
        <translation>Không thấy tệp dữ liệu, dù máy này có các bản sao lưu công việc của tổ.</translation>
    </message>
    <message>
        <source>The newest good backup is from %1. Restore it? Work recorded after that time will need to be entered again.</source>
        <translation>Bản sao lưu tốt mới nhất là từ %1. Khôi phục bản này? Những việc ghi sau thời điểm đó sẽ cần nhập lại.</translation>
    </message>
    <message>
        <source>None of the backups can be read. Ask for help before starting again.</source>
        <translation>Không đọc được bản sao lưu nào. Hãy nhờ người hỗ trợ trước khi bắt đầu lại.</translation>
    </message>
    <message>
        <source>Start with an empty notebook</source>
        <translation>Bắt đầu sổ mới (trống)</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <source>New resident</source>
        <translation>Thêm người dân</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <source>e.g. 1962</source>
        <translation>ví dụ: 1962</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>%1 (removed)</source>
        <translation>%1 (đã xóa)</translation>
    </message>
    <message>
        <source>Phone (optional)</source>
        <translation>Số điện thoại (không bắt buộc)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <source>Residents</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>New resident</source>
        <translation>Thêm người dân</translation>
    </message>
    <message>
        <source>Search by name (diacritics optional) or phone</source>
        <translation>Tìm theo tên (gõ có dấu hoặc không dấu đều được) hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Tập huấn</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>Lịch sử tham gia…</translation>
    </message>
    <message>
        <source>The classes and help of the chosen resident</source>
        <translation>Các buổi tập huấn và lượt hỗ trợ của người dân đang chọn</translation>
    </message>
    <message>
        <source>Import from Excel…</source>
        <translation>Nhập từ Excel…</translation>
    </message>
    <message>
        <source>Add residents from a list kept in Excel (.xlsx) or CSV</source>
        <translation>Thêm người dân từ danh sách Excel (.xlsx) hoặc CSV</translation>
    </message>
    <message>
        <source>All neighbourhoods</source>
        <translation>Tất cả khu phố/ấp</translation>
    </message>
    <message>
        <source>Trained or not</source>
        <translation>Đã/chưa tập huấn</translation>
    </message>
    <message>
        <source>Never trained</source>
        <translation>Chưa dự buổi tập huấn nào</translation>
    </message>
    <message>
        <source>Trained on: %1</source>
        <translation>Đã học: %1</translation>
    </message>
    <message>
        <source>Delete the resident %1? Their past attendance and help stay in the figures.</source>
        <translation>Xóa người dân %1? Các lần tham dự và được hỗ trợ trước đây của người này vẫn được giữ trong số liệu.</translation>
    </message>
    <message>
        <source>Import residents</source>
        <translation>Nhập người dân</translation>
    </message>
    <message>
        <source>Lists (*.xlsx *.xls *.csv *.txt);;All files (*)</source>
        <translation>Danh sách (*.xlsx *.xls *.csv *.txt);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Đang đọc %1…</translation>
    </message>
    <message>
        <source>Cannot import this file</source>
        <translation>Không nhập được tệp này</translation>
    </message>
    <message>
        <source>Save the rows not imported</source>
        <translation>Lưu các dòng không nhập</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>Không nhập được</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Chưa lưu được</translation>
    </message>
</context>
<context>
    <name>Restore</name>
    <message>
        <source>Daily</source>
        <translation>Hằng ngày</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>Trước khi cập nhật</translation>
    </message>
    <message>
        <source>Made by hand</source>
        <translation>Tự tạo</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Đang khôi phục bản sao lưu…</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>Đã khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>The backup made on %1 is now your data. The file you had before is kept in the data folder as %2.</source>
        <translation>Bản sao lưu tạo lúc %1 nay là dữ liệu của bạn. Tệp bạn có trước đó được giữ trong thư mục dữ liệu với tên %2.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Khôi phục</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>Khôi phục bản sao lưu</translation>
    </message>
    <message>
        <source>The app keeps a backup every day, before each update and when you ask for one. Choose the one to go back to.</source>
        <translation>Ứng dụng giữ một bản sao lưu mỗi ngày, trước mỗi lần cập nhật và khi bạn yêu cầu. Hãy chọn bản muốn quay về.</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>Tạo lúc</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Trainings</source>
        <translation>Buổi tập huấn</translation>
    </message>
    <message>
        <source>Help sessions</source>
        <translation>Lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Các bản sao lưu</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>Đang đọc các bản sao lưu…</translation>
    </message>
    <message>
        <source>Restore this backup…</source>
        <translation>Khôi phục bản này…</translation>
    </message>
    <message>
        <source>There are no backups yet.</source>
        <translation>Chưa có bản sao lưu nào.</translation>
    </message>
    <message>
        <source>Damaged: cannot be restored</source>
        <translation>Bị hỏng: không khôi phục được</translation>
    </message>
    <message>
        <source>No longer there</source>
        <translation>Không còn nữa</translation>
    </message>
    <message>
        <source>Choose a backup, then Restore.</source>
        <translation>Chọn một bản sao lưu rồi bấm Khôi phục.</translation>
    </message>
    <message>
        <source>None of the backups can be read.</source>
        <translation>Không đọc được bản sao lưu nào.</translation>
    </message>
    <message>
        <source>Go back to the backup made on %1?

Work recorded on this laptop after that time will be replaced by what the backup holds. The current data file is kept aside first, in the data folder: nothing is deleted.</source>
        <translation>Quay về bản sao lưu tạo lúc %1?

Những việc ghi trên máy này sau thời điểm đó sẽ được thay bằng nội dung của bản sao lưu. Tệp dữ liệu hiện tại được giữ lại riêng trước, trong thư mục dữ liệu: không có gì bị xóa.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Khôi phục</translation>
    </message>
</context>
<context>
    <name>RollCall</name>
    <message>
        <source>Roll-call</source>
        <translation>Điểm danh</translation>
    </message>
    <message>
        <source>Add a resident: type a name or phone</source>
        <translation>Thêm người dân: gõ họ tên hoặc số điện thoại</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>Thêm người dân</translation>
    </message>
    <message>
        <source>New resident…</source>
        <translation>Thêm người dân mới…</translation>
    </message>
    <message>
        <source>From an earlier class…</source>
        <translation>Từ buổi trước…</translation>
    </message>
    <message>
        <source>Add everyone on an earlier class&apos;s roll-call (the same group meets again)</source>
        <translation>Thêm tất cả người có tên trong danh sách của một buổi trước (cùng nhóm học lại)</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>All present</source>
        <translation>Tất cả có mặt</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Xóa khỏi danh sách</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <source>A planned class: the people added are registered. Tick who came once it is held.</source>
        <translation>Buổi dự kiến: người được thêm vào là người đăng ký. Đánh dấu người có mặt khi buổi đã tổ chức.</translation>
    </message>
    <message>
        <source>A cancelled class: the people on it were registered, none present.</source>
        <translation>Buổi đã hủy: người trong danh sách là người đăng ký, không ai có mặt.</translation>
    </message>
    <message>
        <source>%1 people ticked present are now registered.</source>
        <translation>%1 người đã đánh dấu có mặt nay chuyển thành người đăng ký.</translation>
    </message>
    <message>
        <source>present</source>
        <translation>có mặt</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>vắng</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>đã đăng ký</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>Đăng ký: %1</translation>
    </message>
    <message>
        <source>Registered: %1 · Present: %2 · Absent: %3</source>
        <translation>Đăng ký: %1 · Có mặt: %2 · Vắng: %3</translation>
    </message>
</context>
<context>
    <name>SheetOptions</name>
    <message>
        <source>Print attendance sheet</source>
        <translation>In danh sách điểm danh</translation>
    </message>
    <message>
        <source>Before the class: registered residents and blank rows for walk-ins</source>
        <translation>Trước buổi học: người đã đăng ký và các dòng trống cho người đến thêm</translation>
    </message>
    <message>
        <source>After the class: those present, with the counts</source>
        <translation>Sau buổi học: những người có mặt, kèm số liệu</translation>
    </message>
    <message>
        <source>For a class held: set its status to Held and tick who came first.</source>
        <translation>Chỉ dùng cho buổi đã tổ chức: trước hết chọn trạng thái “Đã tổ chức” và đánh dấu người có mặt.</translation>
    </message>
    <message>
        <source>Blank rows:</source>
        <translation>Số dòng trống:</translation>
    </message>
    <message>
        <source>Blank rows</source>
        <translation>Số dòng trống</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Cannot reach the commune&apos;s server. Check the internet connection and the server address. The app will try again by itself; your records stay safe on this laptop.</source>
        <translation>Không kết nối được máy chủ của xã/phường. Hãy kiểm tra kết nối mạng và địa chỉ máy chủ. Ứng dụng sẽ tự thử lại; dữ liệu của bạn vẫn an toàn trên máy này.</translation>
    </message>
    <message>
        <source>The commune&apos;s server did not answer in time (the connection may be slow). The app will try again by itself.</source>
        <translation>Máy chủ của xã/phường không trả lời kịp (có thể mạng chậm). Ứng dụng sẽ tự thử lại.</translation>
    </message>
    <message>
        <source>The network is asking for a login page first (for example a shop&apos;s or the commune hall&apos;s Wi-Fi). Open a web browser, log in to the Wi-Fi, then press Sync now.</source>
        <translation>Mạng đang đòi đăng nhập trước (ví dụ Wi-Fi của quán hoặc của nhà văn hóa). Hãy mở trình duyệt web, đăng nhập Wi-Fi, rồi bấm Đồng bộ ngay.</translation>
    </message>
    <message>
        <source>The commune&apos;s server does not recognise this laptop. Connect to the commune again with a new code.</source>
        <translation>Máy chủ của xã/phường không nhận ra máy này. Hãy kết nối lại với xã/phường bằng một mã mới.</translation>
    </message>
    <message>
        <source>The commune has removed this laptop from the team. Ask the commune for a new code to connect again. Your records stay on this laptop.</source>
        <translation>Xã/phường đã gỡ máy này khỏi tổ. Hãy xin xã/phường một mã mới để kết nối lại. Dữ liệu của bạn vẫn còn trên máy này.</translation>
    </message>
    <message>
        <source>The commune&apos;s server is busy. The app will try again shortly.</source>
        <translation>Máy chủ của xã/phường đang bận. Ứng dụng sẽ thử lại sau ít phút.</translation>
    </message>
    <message>
        <source>The commune&apos;s server had a problem. The app will try again later; if this lasts, tell the commune&apos;s IT person.</source>
        <translation>Máy chủ của xã/phường gặp sự cố. Ứng dụng sẽ thử lại sau; nếu kéo dài, hãy báo cán bộ công nghệ thông tin của xã/phường.</translation>
    </message>
    <message>
        <source>The commune&apos;s server has run out of disk space. Tell the commune&apos;s IT person. Your records stay on this laptop and will be sent later.</source>
        <translation>Máy chủ của xã/phường đã hết dung lượng ổ đĩa. Hãy báo cán bộ công nghệ thông tin của xã/phường. Dữ liệu vẫn còn trên máy này và sẽ được gửi sau.</translation>
    </message>
    <message>
        <source>This code is not known to the server. Check the 8 letters and digits with the commune.</source>
        <translation>Máy chủ không có mã này. Hãy kiểm tra lại 8 chữ và số với xã/phường.</translation>
    </message>
    <message>
        <source>This code has expired. Ask the commune for a new one.</source>
        <translation>Mã này đã hết hạn. Hãy xin xã/phường một mã mới.</translation>
    </message>
    <message>
        <source>This code has already been used. Each code connects one laptop: ask the commune for a new one.</source>
        <translation>Mã này đã được dùng. Mỗi mã chỉ kết nối một máy: hãy xin xã/phường một mã mới.</translation>
    </message>
    <message>
        <source>This address does not answer as a Sổ tay CNS server. Check the address with the commune.</source>
        <translation>Địa chỉ này không phải máy chủ Sổ tay CNS. Hãy kiểm tra lại địa chỉ với xã/phường.</translation>
    </message>
    <message>
        <source>This laptop&apos;s data belongs to another team. Each team needs its own profile: start the app with another data folder for the second team.</source>
        <translation>Dữ liệu trên máy này là của một tổ khác. Mỗi tổ cần một hồ sơ riêng: hãy mở ứng dụng với một thư mục dữ liệu khác cho tổ thứ hai.</translation>
    </message>
    <message>
        <source>This is a demo profile with made-up data: it can never connect to a real server.</source>
        <translation>Đây là hồ sơ dùng thử với dữ liệu giả: không thể kết nối với máy chủ thật.</translation>
    </message>
    <message>
        <source>Sync did not finish. The app will try again by itself.</source>
        <translation>Đồng bộ chưa xong. Ứng dụng sẽ tự thử lại.</translation>
    </message>
    <message numerus="yes">
        <source>about %n hour(s)</source>
        <translation>
            <numerusform>khoảng %n giờ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n phút</numerusform>
        </translation>
    </message>
    <message>
        <source>ahead</source>
        <translation>nhanh hơn</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>chậm hơn</translation>
    </message>
    <message>
        <source>This laptop&apos;s clock is %1 %2. Set the right date and time in the computer&apos;s settings.</source>
        <translation>Đồng hồ của máy này %2 %1 so với giờ đúng. Hãy chỉnh lại ngày giờ trong phần cài đặt của máy tính.</translation>
    </message>
    <message>
        <source>Not connected to the commune</source>
        <translation>Chưa kết nối với xã/phường</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Removed from the team by the commune: connect again</source>
        <translation>Xã/phường đã gỡ máy này khỏi tổ: hãy kết nối lại</translation>
    </message>
    <message>
        <source>Login page in the way: open a browser</source>
        <translation>Mạng đòi đăng nhập: hãy mở trình duyệt</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Sync failed: will try again</source>
        <translation>Đồng bộ lỗi: sẽ thử lại</translation>
    </message>
    <message>
        <source>Synced at %1</source>
        <translation>Đã đồng bộ lúc %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n thay đổi chờ gửi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n thay đổi cần xem lại</numerusform>
        </translation>
    </message>
    <message>
        <source>clock is off</source>
        <translation>đồng hồ máy bị lệch</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tổ</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/ấp</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Tổ viên</translation>
    </message>
    <message>
        <source>Training topic</source>
        <translation>Chủ đề tập huấn</translation>
    </message>
    <message>
        <source>Help service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Người dân</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Buổi tập huấn</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Điểm danh</translation>
    </message>
    <message>
        <source>Help session</source>
        <translation>Lượt hỗ trợ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Trainers</source>
        <translation>Người hướng dẫn</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>Helped by</source>
        <translation>Người hỗ trợ</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Nội dung hỗ trợ</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Đang dùng</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Thứ tự</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <source>Adults</source>
        <translation>Người lớn</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Số hộ</translation>
    </message>
    <message>
        <source>Counted on</source>
        <translation>Ngày đếm</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Đã xóa</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>The server found data it cannot take in: %1</source>
        <translation>Máy chủ không nhận được dữ liệu ở mục: %1</translation>
    </message>
    <message>
        <source>The server never had the version this change was made on</source>
        <translation>Máy chủ chưa từng có phiên bản mà thay đổi này dựa vào</translation>
    </message>
    <message>
        <source>It is not this team&apos;s record</source>
        <translation>Đây không phải bản ghi của tổ này</translation>
    </message>
    <message>
        <source>The server does not know this kind of record: update the app</source>
        <translation>Máy chủ không biết loại bản ghi này: hãy cập nhật ứng dụng</translation>
    </message>
    <message>
        <source>The server refused it (%1)</source>
        <translation>Máy chủ không nhận (%1)</translation>
    </message>
    <message>
        <source>This laptop is now connected to the commune. Its records are being synced; the status bar shows how far it is.</source>
        <translation>Máy này đã kết nối với xã/phường. Dữ liệu đang được đồng bộ; thanh trạng thái ở dưới cùng cho biết tiến độ.</translation>
    </message>
    <message>
        <source>This computer has no password keyring, so the laptop&apos;s key is kept in a file only your user account can read, in the app&apos;s data folder. Do not copy that folder to other people.</source>
        <translation>Máy tính này không có kho mật khẩu của hệ thống, nên khóa kết nối của máy được lưu trong một tệp chỉ tài khoản của bạn đọc được, trong thư mục dữ liệu của ứng dụng. Đừng sao chép thư mục đó cho người khác.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Đã kết nối</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>Set up your team</source>
        <translation>Thiết lập tổ</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tổ</translation>
    </message>
    <message>
        <source>Welcome! Tell the app where your team works and who is in it. You can change all of this later.</source>
        <translation>Xin chào! Hãy cho ứng dụng biết tổ của bạn hoạt động ở đâu và gồm những ai. Bạn có thể thay đổi tất cả các thông tin này sau.</translation>
    </message>
    <message>
        <source>Does your team already use the app on another laptop, or did the commune give you a code? Connect instead: the team&apos;s data comes to this laptop.</source>
        <translation>Tổ của bạn đã dùng ứng dụng trên máy khác, hoặc xã/phường đã cấp mã cho bạn? Hãy kết nối thay vì khai báo lại: dữ liệu của tổ sẽ về máy này.</translation>
    </message>
    <message>
        <source>Connect to the commune…</source>
        <translation>Kết nối với xã/phường…</translation>
    </message>
    <message>
        <source>Province / city</source>
        <translation>Tỉnh / thành phố</translation>
    </message>
    <message>
        <source>Type to search, e.g. ha noi</source>
        <translation>Gõ để tìm, ví dụ: ha noi</translation>
    </message>
    <message>
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <source>Type to search</source>
        <translation>Gõ để tìm</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>Tên tổ</translation>
    </message>
    <message>
        <source>e.g. Tổ công nghệ số cộng đồng khu phố 3</source>
        <translation>ví dụ: Tổ công nghệ số cộng đồng khu phố 3</translation>
    </message>
    <message>
        <source>Neighbourhoods (khu phố, ấp, thôn…)</source>
        <translation>Địa bàn (khu phố, ấp, thôn…)</translation>
    </message>
    <message>
        <source>e.g. Khu phố 3</source>
        <translation>ví dụ: Khu phố 3</translation>
    </message>
    <message>
        <source>New neighbourhood</source>
        <translation>Khu phố/ấp mới</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Adults (18 and over)</source>
        <translation>Người lớn (từ 18 tuổi)</translation>
    </message>
    <message>
        <source>Households (if known)</source>
        <translation>Số hộ (nếu có)</translation>
    </message>
    <message>
        <source>Counted on</source>
        <translation>Ngày đếm</translation>
    </message>
    <message>
        <source>e.g. 1250</source>
        <translation>ví dụ: 1250</translation>
    </message>
    <message>
        <source>e.g. 15/01/2026</source>
        <translation>ví dụ: 15/01/2026</translation>
    </message>
    <message>
        <source>Choose a neighbourhood to enter its people.</source>
        <translation>Chọn một khu phố để nhập số dân.</translation>
    </message>
    <message>
        <source>People of %1 (counted once a year)</source>
        <translation>Số dân của %1 (đếm mỗi năm một lần)</translation>
    </message>
    <message>
        <source>Set by the commune: the commune&apos;s figure is used for the rates.</source>
        <translation>Do xã/phường nhập: tỷ lệ được tính theo số liệu của xã/phường.</translation>
    </message>
    <message>
        <source>Remove %1 from the team? The records they made keep their name.</source>
        <translation>Xóa %1 khỏi tổ? Các bản ghi do người này ghi vẫn giữ tên người này.</translation>
    </message>
    <message>
        <source>A team has one leader: %1 are all team leaders. Change all but one.</source>
        <translation>Mỗi tổ chỉ có một tổ trưởng: %1 đều đang là tổ trưởng. Hãy đổi vai trò, chỉ giữ lại một người.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <source>To change a cell: double-click it, or choose it with the arrow keys and press Enter.</source>
        <translation>Để sửa một ô: nhấp đúp vào ô, hoặc chọn ô bằng các phím mũi tên rồi nhấn Enter.</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>Thêm thành viên</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>Xóa thành viên</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Set by the commune&apos;s server</source>
        <translation>Do máy chủ của xã/phường quy định</translation>
    </message>
    <message>
        <source>member %1</source>
        <translation>thành viên %1</translation>
    </message>
    <message>
        <source>One team leader</source>
        <translation>Mỗi tổ một tổ trưởng</translation>
    </message>
    <message>
        <source>A team has one leader, and %1 is the team leader now. Make %2 the team leader instead? %1 will then be a member.</source>
        <translation>Mỗi tổ chỉ có một tổ trưởng, và %1 đang là tổ trưởng. Đổi %2 làm tổ trưởng? Khi đó %1 sẽ là tổ viên.</translation>
    </message>
    <message>
        <source>Change the leader</source>
        <translation>Đổi tổ trưởng</translation>
    </message>
    <message>
        <source>Keep the leader</source>
        <translation>Giữ tổ trưởng cũ</translation>
    </message>
    <message>
        <source>name</source>
        <translation>họ tên</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>số điện thoại</translation>
    </message>
    <message>
        <source>Member %1, %2: %3</source>
        <translation>Thành viên thứ %1, %2: %3</translation>
    </message>
    <message>
        <source>Add at least one member.</source>
        <translation>Hãy thêm ít nhất một thành viên.</translation>
    </message>
</context>
<context>
    <name>TimeEdit</name>
    <message>
        <source>%1 is not a time of day.</source>
        <translation>%1 không phải là giờ trong ngày.</translation>
    </message>
    <message>
        <source>Type the time as hours and minutes, for example 8:30.</source>
        <translation>Hãy gõ giờ và phút, ví dụ 8:30 hoặc 8h30.</translation>
    </message>
</context>
<context>
    <name>TrainingDialog</name>
    <message>
        <source>New training</source>
        <translation>Thêm buổi tập huấn</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Buổi tập huấn</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>e.g. Nhà văn hóa khu phố</source>
        <translation>ví dụ: Nhà văn hóa khu phố</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Trainers</source>
        <translation>Người hướng dẫn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>%1 (removed)</source>
        <translation>%1 (đã xóa)</translation>
    </message>
</context>
<context>
    <name>TrainingsPage</name>
    <message>
        <source>Trainings</source>
        <translation>Buổi tập huấn</translation>
    </message>
    <message>
        <source>New training</source>
        <translation>Thêm buổi tập huấn</translation>
    </message>
    <message>
        <source>Print sheet…</source>
        <translation>In danh sách…</translation>
    </message>
    <message>
        <source>Search place or note</source>
        <translation>Tìm theo địa điểm hoặc ghi chú</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Neighbourhood</source>
        <translation>Khu phố/Ấp</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Có mặt</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Tất cả chủ đề</translation>
    </message>
    <message>
        <source>All neighbourhoods</source>
        <translation>Tất cả khu phố/ấp</translation>
    </message>
    <message>
        <source>Attendance sheet</source>
        <translation>Danh sách điểm danh</translation>
    </message>
    <message>
        <source>Delete the training of %1 and its roll-call?</source>
        <translation>Xóa buổi tập huấn ngày %1 cùng danh sách điểm danh của buổi?</translation>
    </message>
    <message>
        <source>Delete the training of %1 (%2) and its roll-call?</source>
        <translation>Xóa buổi tập huấn ngày %1 (%2) cùng danh sách điểm danh của buổi?</translation>
    </message>
</context>
<context>
    <name>Update</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>The update the commune&apos;s server offers is not signed by the makers of Sổ tay CNS, so it was refused and nothing of it will run. This laptop keeps the version it has. Please tell the commune&apos;s IT person.</source>
        <translation>Bản cập nhật máy chủ của xã/phường đưa ra không có chữ ký của nhóm làm Sổ tay CNS, nên đã bị từ chối và không có phần nào của nó được chạy. Máy này vẫn dùng phiên bản hiện có. Xin báo cho cán bộ phụ trách máy chủ của xã/phường.</translation>
    </message>
    <message>
        <source>The downloaded file was not exactly the signed update (the connection may have damaged it), so it was deleted and will be downloaded again. This laptop keeps the version it has.</source>
        <translation>Tệp tải về không đúng hệt bản cập nhật đã được ký (có thể do đường truyền làm hỏng), nên đã bị xóa và sẽ được tải lại. Máy này vẫn dùng phiên bản hiện có.</translation>
    </message>
    <message>
        <source>The disk is full, so the update could not be downloaded to the end. Free some space (for example empty the Recycle Bin): the download then goes on where it stopped.</source>
        <translation>Ổ đĩa đã đầy nên chưa tải hết bản cập nhật. Hãy giải phóng bớt dung lượng (ví dụ dọn sạch Thùng rác): việc tải sẽ tiếp tục từ chỗ đã dừng.</translation>
    </message>
    <message>
        <source>The update could not be saved: the app&apos;s data folder cannot be written to.</source>
        <translation>Không lưu được bản cập nhật: không ghi được vào thư mục dữ liệu của ứng dụng.</translation>
    </message>
    <message>
        <source>The download stopped (the connection to the commune&apos;s server was lost). It goes on by itself where it stopped, the next time the laptop is connected.</source>
        <translation>Việc tải đã dừng (mất kết nối với máy chủ của xã/phường). Lần tới khi máy có kết nối, việc tải tự tiếp tục từ chỗ đã dừng.</translation>
    </message>
    <message>
        <source>Update refused</source>
        <translation>Bản cập nhật bị từ chối</translation>
    </message>
    <message>
        <source>Version %1 installs when the app is closed</source>
        <translation>Bản %1 sẽ được cài khi đóng ứng dụng</translation>
    </message>
    <message>
        <source>Update available: %1</source>
        <translation>Có bản cập nhật %1</translation>
    </message>
    <message>
        <source>Sổ tay CNS is now version %1. Your data is all here.</source>
        <translation>Sổ tay CNS nay là phiên bản %1. Dữ liệu của bạn vẫn còn đủ.</translation>
    </message>
    <message>
        <source>What changed:</source>
        <translation>Những điểm mới:</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Đã cập nhật</translation>
    </message>
    <message>
        <source>Not updated</source>
        <translation>Chưa cập nhật được</translation>
    </message>
    <message>
        <source>Version %1 could not be installed, so this laptop still runs version %2, with all its data. Close other windows of the app and choose the update again from the status bar; if it fails again, tell the commune&apos;s IT person.</source>
        <translation>Chưa cài được phiên bản %1, nên máy này vẫn chạy phiên bản %2, với đủ dữ liệu. Hãy đóng các cửa sổ khác của ứng dụng rồi chọn cập nhật lại ở thanh trạng thái; nếu vẫn không được, xin báo cho cán bộ phụ trách máy chủ của xã/phường.</translation>
    </message>
</context>
<context>
    <name>UpdateDialog</name>
    <message>
        <source>Update Sổ tay CNS</source>
        <translation>Cập nhật Sổ tay CNS</translation>
    </message>
    <message>
        <source>Version %1 of Sổ tay CNS is available. This laptop has version %2.</source>
        <translation>Đã có Sổ tay CNS phiên bản %1. Máy này đang dùng phiên bản %2.</translation>
    </message>
    <message>
        <source>What changes:</source>
        <translation>Những điểm mới:</translation>
    </message>
    <message>
        <source>(The release has no notes.)</source>
        <translation>(Bản này không kèm ghi chú.)</translation>
    </message>
    <message>
        <source>To install, the app makes a backup of your data, closes, installs the new version and opens again, in about a minute. Your data stays as it is.</source>
        <translation>Khi cài, ứng dụng sao lưu dữ liệu, tự đóng, cài phiên bản mới rồi mở lại, mất khoảng một phút. Dữ liệu của bạn giữ nguyên.</translation>
    </message>
    <message>
        <source>Update &amp;now</source>
        <translation>Cập nhật &amp;ngay</translation>
    </message>
    <message>
        <source>Update when I &amp;close the app</source>
        <translation>Cập nhật &amp;khi đóng ứng dụng</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>Để &amp;sau</translation>
    </message>
    <message>
        <source>Downloaded and checked: ready to install.</source>
        <translation>Đã tải về và kiểm tra xong: sẵn sàng cài đặt.</translation>
    </message>
    <message>
        <source>It will install when you close the app.</source>
        <translation>Bản mới sẽ được cài khi bạn đóng ứng dụng.</translation>
    </message>
    <message>
        <source>Downloading: %1 of %2.</source>
        <translation>Đang tải: %1 trên %2.</translation>
    </message>
    <message>
        <source>You can go on working; the buttons below can be used once it is done.</source>
        <translation>Bạn cứ làm việc tiếp; các nút bên dưới dùng được khi tải xong.</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>This field is required.</source>
        <translation>Không được để trống mục này.</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>Quá dài: tối đa %1 ký tự.</translation>
    </message>
    <message>
        <source>A name must contain letters.</source>
        <translation>Tên phải có chữ cái.</translation>
    </message>
    <message>
        <source>Birth year must be between 1900 and %1.</source>
        <translation>Năm sinh phải từ 1900 đến %1.</translation>
    </message>
    <message>
        <source>Not a Vietnamese phone number (for example 0912 345 678).</source>
        <translation>Không phải số điện thoại Việt Nam (ví dụ: 0912 345 678).</translation>
    </message>
    <message>
        <source>Write the time as HH:MM, for example 08:30.</source>
        <translation>Hãy ghi giờ theo dạng giờ:phút, ví dụ 08:30.</translation>
    </message>
    <message>
        <source>The end time must be after the start time.</source>
        <translation>Giờ kết thúc phải sau giờ bắt đầu.</translation>
    </message>
    <message>
        <source>This date is more than a year ahead. Check the year.</source>
        <translation>Ngày này còn hơn một năm nữa mới tới. Hãy kiểm tra lại năm.</translation>
    </message>
    <message>
        <source>This date is in the future.</source>
        <translation>Ngày này chưa tới (là ngày trong tương lai).</translation>
    </message>
    <message>
        <source>Choose at least one topic.</source>
        <translation>Hãy chọn ít nhất một chủ đề.</translation>
    </message>
    <message>
        <source>What was saved here is not a real date or time: set it again.</source>
        <translation>Ngày giờ đã lưu ở đây không có thật trên lịch: hãy chọn lại.</translation>
    </message>
    <message>
        <source>Write a whole number from 0 to %1.</source>
        <translation>Nhập số nguyên từ 0 đến %1.</translation>
    </message>
    <message>
        <source>Write the date as day/month/year, for example 15/01/2026.</source>
        <translation>Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/01/2026.</translation>
    </message>
    <message>
        <source>Say why it was not done, or where the person was sent.</source>
        <translation>Hãy ghi lý do chưa xong, hoặc nơi đã chuyển người dân đến.</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>Team leader</source>
        <translation>Tổ trưởng</translation>
    </message>
    <message>
        <source>Deputy leader</source>
        <translation>Tổ phó</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Tổ viên</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Đã tổ chức</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Đã xong</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Chưa xong</translation>
    </message>
    <message>
        <source>Referred elsewhere</source>
        <translation>Chuyển nơi khác</translation>
    </message>
    <message>
        <source>Residents trained in digital skills (at least once)</source>
        <translation>Người dân được tập huấn kỹ năng số (ít nhất một buổi)</translation>
    </message>
    <message>
        <source>Residents who completed the basic digital skills</source>
        <translation>Người dân hoàn thành kỹ năng số cơ bản</translation>
    </message>
    <message>
        <source>VNeID level-2 accounts activated</source>
        <translation>Kích hoạt tài khoản định danh điện tử VNeID mức 2</translation>
    </message>
    <message>
        <source>Online public-service dossiers submitted</source>
        <translation>Hồ sơ dịch vụ công trực tuyến được nộp</translation>
    </message>
    <message>
        <source>Residents helped to set up cashless payment</source>
        <translation>Người dân được hỗ trợ thanh toán không dùng tiền mặt</translation>
    </message>
    <message>
        <source>Residents helped to spot online scams</source>
        <translation>Người dân được hỗ trợ nhận diện lừa đảo trực tuyến</translation>
    </message>
</context>
<context>
    <name>WhoDialog</name>
    <message>
        <source>Who is using the app?</source>
        <translation>Ai đang dùng ứng dụng?</translation>
    </message>
    <message>
        <source>Choose your name. What you record is kept under it.</source>
        <translation>Chọn tên của bạn. Những gì bạn ghi sẽ được lưu dưới tên này.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
</TS>
