; The Windows installer of Sổ tay CNS (NSIS 3, Unicode, 64-bit). Built by build/windows/build.sh:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE=dist/windows/sotay-cns
;            -DOUTFILE=dist/windows/SoTayCNS-0.1.0-setup.exe -DICON=sotay-cns.ico installer.nsi
;
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs\SoTayCNS; its data
; stays in %LOCALAPPDATA%\SoTayCNS, which neither an upgrade nor the uninstaller touches.
; Silent: `SoTayCNS-<version>-setup.exe /S` (uninstall: `uninstall.exe /S`).
; Started by the app to update itself: `/S /UPDATE` waits (up to a minute) for the app that
; started it to close, then installs; `/RELAUNCH` also opens the app again afterwards.

Unicode true
Target amd64-unicode
!ifdef FAST  ; the check's stand-in for the previous release: quick to pack, same contents
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 32
!endif
ManifestDPIAware true
RequestExecutionLevel user

!define APPNAME "Sổ tay CNS"
!define APPKEY "SoTayCNS"
!define EXE "sotay-cns.exe"
!define CMDEXE "sotay-cns-cmd.exe"  ; its console twin, for a Command Prompt
!define PUBLISHER "Sổ tay CNS"
!define SERVERLINK "Sổ tay CNS - máy chủ xã"  ; the server's shortcut, one name in every language
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"

Var Updating  ; 1: started by the app to update itself (/UPDATE)

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT licence"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!ifdef WIZARD
  !define MUI_WELCOMEFINISHPAGE_BITMAP "${WIZARD}"
  !define MUI_UNWELCOMEFINISHPAGE_BITMAP "${WIZARD}"
!endif
!define MUI_ABORTWARNING
!define MUI_LANGDLL_WINDOWTITLE "Sổ tay CNS"
!define MUI_LANGDLL_INFO "Ngôn ngữ / Language:"
; The language chosen is remembered: the uninstaller and the next upgrade speak it too.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APPKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"

!insertmacro MUI_PAGE_WELCOME
!ifdef CENTRAL
  !insertmacro MUI_PAGE_COMPONENTS
!endif
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UnConfirmTop)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Vietnamese first: it is the default, whatever language Windows speaks.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString TooOld ${LANG_VIETNAMESE} "${APPNAME} cần Windows 10 hoặc Windows 11 (bản 64-bit). Máy này chạy phiên bản Windows cũ hơn (Windows 7 hoặc 8.1), nên không cài đặt được. Xin nhờ cán bộ xã hoặc người hỗ trợ kỹ thuật nâng cấp Windows."
LangString TooOld ${LANG_ENGLISH} "${APPNAME} needs Windows 10 or Windows 11 (64-bit). This computer runs an older Windows (7 or 8.1), so it cannot be installed. Please ask the commune or a technician to upgrade Windows."
LangString NoIcu ${LANG_VIETNAMESE} "${APPNAME} cần Windows 10 bản 1809 trở lên. Xin cập nhật Windows (Cài đặt → Cập nhật và bảo mật) rồi chạy lại trình cài đặt."
LangString NoIcu ${LANG_ENGLISH} "${APPNAME} needs Windows 10 version 1809 or newer. Please update Windows (Settings → Update & Security), then run this setup again."
LangString StillOpen ${LANG_VIETNAMESE} "${APPNAME} đang mở. Xin đóng ứng dụng (dữ liệu đã lưu sẵn), rồi bấm Thử lại."
LangString StillOpen ${LANG_ENGLISH} "${APPNAME} is open. Please close it (your records are already saved), then choose Retry."
LangString RunApp ${LANG_VIETNAMESE} "Mở ${APPNAME}"
LangString RunApp ${LANG_ENGLISH} "Open ${APPNAME}"
LangString UnConfirmTop ${LANG_VIETNAMESE} "Chương trình ${APPNAME} sẽ được gỡ khỏi máy. Dữ liệu của tổ (trong $LOCALAPPDATA\${APPKEY}) vẫn được giữ nguyên: cài lại là thấy đủ."
LangString UnConfirmTop ${LANG_ENGLISH} "The ${APPNAME} program will be removed from this computer. The team's data (in $LOCALAPPDATA\${APPKEY}) is kept: install again and it is all there."
LangString SecAppName ${LANG_VIETNAMESE} "Sổ tay CNS"
LangString SecAppName ${LANG_ENGLISH} "Sổ tay CNS"
LangString SecServerName ${LANG_VIETNAMESE} "Máy chủ của xã"
LangString SecServerName ${LANG_ENGLISH} "Commune server"
LangString SecAppInfo ${LANG_VIETNAMESE} "Ứng dụng ghi tập huấn, hỗ trợ người dân và in danh sách."
LangString SecAppInfo ${LANG_ENGLISH} "The app that records trainings and help, and prints the sheets."
LangString SecServerInfo ${LANG_VIETNAMESE} "Chỉ cài trên máy của xã/phường. Dịch vụ mà máy của các tổ đồng bộ vào, với trang tổng hợp của xã. Dữ liệu trong C:\ProgramData\SoTayCNS-central."
LangString SecServerInfo ${LANG_ENGLISH} "Only on the commune's PC. The service the teams' laptops sync to, with the commune's dashboard. Its data is in C:\ProgramData\SoTayCNS-central."
LangString DataKept ${LANG_VIETNAMESE} "Dữ liệu của tổ vẫn được giữ nguyên trong thư mục $LOCALAPPDATA\${APPKEY}."
LangString DataKept ${LANG_ENGLISH} "The team's data is kept, in the folder $LOCALAPPDATA\${APPKEY}."


Function un.onInit
  SetRegView 64
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; Files of a running app cannot be replaced on Windows: ask to close it instead of failing
; half way (the app keeps no unsaved work: every record is saved when the user saves it).
!macro WaitUntilClosed UN
Function ${UN}WaitUntilClosed
  StrCpy $1 0  ; half-seconds waited
  retry:
    ClearErrors
    StrCpy $2 "$INSTDIR\${EXE}"
    Call ${UN}InUse
    ${IfNot} ${Errors}
      StrCpy $2 "$INSTDIR\${CMDEXE}"
      Call ${UN}InUse
    ${EndIf}
    ${If} ${Errors}
      ; An update started by the app itself: the app is closing (its backup made, its data
      ; file closed); give it a minute before asking.
      ${If} $Updating == 1
      ${AndIf} $1 < 120
        IntOp $1 $1 + 1
        Sleep 500
        Goto retry
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillOpen)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 4
      Quit
    ${EndIf}
FunctionEnd

; Sets the error flag when the program file $2 is open (Windows keeps a running .exe locked).
Function ${UN}InUse
  ${If} ${FileExists} "$2"
    FileOpen $0 "$2" a
    ${IfNot} ${Errors}
      FileClose $0
    ${EndIf}
  ${EndIf}
FunctionEnd
!macroend
!insertmacro WaitUntilClosed ""
!insertmacro WaitUntilClosed "un."

Section "!$(SecAppName)" SecApp
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  ; An upgrade: the previous version's program files go first, so that no stale library is
  ; left beside the new ones. The data folder is elsewhere and is never touched here.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CMDEXE}"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ; Remembered for the uninstaller and the next upgrade (a silent install included: MUI saves
  ; it only when the files page closes, which /S never shows).
  !insertmacro MUI_LANGDLL_SAVELANGUAGE

  CreateDirectory "$SMPROGRAMS"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; "Apps & features": name, version, publisher, size, and how to remove it.
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

!ifdef CENTRAL
; The commune's central service, for the commune's own PC: off unless chosen on the components
; page or with /SERVER on a silent install. Its data goes to ProgramData (its ACL narrowed to
; the installing user, administrators and SYSTEM), never touched by an upgrade or the uninstaller.
Section /o "$(SecServerName)" SecServer
  RMDir /r "$INSTDIR\central"
  SetOutPath "$INSTDIR\central"
  File /r "${CENTRAL}\*.*"
  SetOutPath "$INSTDIR"
  SetShellVarContext all
  StrCpy $1 "$APPDATA\${APPKEY}-central"
  SetShellVarContext current
  CreateDirectory "$1"
  ; Residents' personal data: readable by the user who installed the server, administrators
  ; and the system only (ProgramData would otherwise let every user of the PC read it).
  ReadEnvStr $2 USERDOMAIN
  ReadEnvStr $3 USERNAME
  nsExec::Exec '"$SYSDIR\icacls.exe" "$1" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F "$2\$3:(OI)(CI)F"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "icacls: $0"
  ${EndIf}
  CreateShortcut "$SMPROGRAMS\${SERVERLINK}.lnk" "$INSTDIR\central\sotay-central.exe" \
    '--data-dir "$1" serve --host 0.0.0.0' "$INSTDIR\${EXE}" 0
  ${GetSize} "$INSTDIR" "/S=0K" $0 $2 $3
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(SecAppInfo)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecServer} "$(SecServerInfo)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END
!endif

Section "Uninstall"
  Call un.WaitUntilClosed
  ; Only the program's own files: the team's data (%LOCALAPPDATA%\SoTayCNS) stays.
  RMDir /r "$INSTDIR\_internal"
  RMDir /r "$INSTDIR\central"  ; the server's program; its data in ProgramData stays
  Delete "$SMPROGRAMS\${SERVERLINK}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CMDEXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APPKEY}"
  DetailPrint "$(DataKept)"
SectionEnd

; After the sections: it selects one by its index.
Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP|MB_OK "$(TooOld)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ; Qt 6.12 supports Windows 10 from version 1809 (build 17763), and needs the ICU that
  ; Windows ships in System32.
  ${WinVerGetBuild} $0
  ${If} $0 < 17763
  ${OrIfNot} ${FileExists} "$SYSDIR\icuuc.dll"
    MessageBox MB_ICONSTOP|MB_OK "$(NoIcu)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  SetRegView 64
  !ifdef CENTRAL
    ; `setup.exe /S /SERVER`: the commune's PC, installed silently with its server. An upgrade
    ; keeps the server where it was installed (an old one must not stay behind the new app).
    ${GetParameters} $0
    ClearErrors
    ${GetOptions} $0 "/SERVER" $1
    ${IfNot} ${Errors}
    ${OrIf} ${FileExists} "$INSTDIR\central\sotay-central.exe"
      !insertmacro SelectSection ${SecServer}
    ${EndIf}
  !endif
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/UPDATE" $1
  ${IfNot} ${Errors}
    StrCpy $Updating 1
  ${EndIf}
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; An update the app started with /RELAUNCH: the leader said "now", so the app opens again
; (as the user, from the new files) and says what changed.
Function .onInstSuccess
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/RELAUNCH" $1
  ${IfNot} ${Errors}
    Exec '"$INSTDIR\${EXE}"'
  ${EndIf}
FunctionEnd
