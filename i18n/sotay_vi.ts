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
        <source>Delete this help session?</source>
        <translation>Xóa lượt hỗ trợ này?</translation>
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
        <source>Could not save</source>
        <translation>Không lưu được</translation>
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
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n bản ghi</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ lại</translation>
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
        <source>Show log folder</source>
        <translation>Mở thư mục nhật ký</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Giới thiệu</translation>
    </message>
    <message>
        <source>Set up your team to start: Team menu.</source>
        <translation>Để bắt đầu, hãy thiết lập thông tin tổ trong trình đơn Tổ.</translation>
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
        <source>By topic</source>
        <translation>Theo chủ đề</translation>
    </message>
    <message>
        <source>Help by service and outcome</source>
        <translation>Hỗ trợ theo nội dung và kết quả</translation>
    </message>
    <message>
        <source>Team report</source>
        <translation>Báo cáo của tổ</translation>
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
        <source>Delete this resident? Their past attendance and help stay in the figures.</source>
        <translation>Xóa người dân này? Các lần tham dự và được hỗ trợ trước đây của người này vẫn được giữ trong số liệu.</translation>
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
        <source>All neighbourhoods</source>
        <translation>Tất cả khu phố/ấp</translation>
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
        <source>present</source>
        <translation>có mặt</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>vắng</translation>
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
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Số điện thoại</translation>
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
        <source>Delete this training and its roll-call?</source>
        <translation>Xóa buổi tập huấn này cùng danh sách điểm danh của buổi?</translation>
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
        <translation>Ngày này cách hôm nay hơn một năm. Hãy kiểm tra lại năm.</translation>
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
