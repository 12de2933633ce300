; The Windows installer of officer-declare (NSIS 3, Unicode), built on Windows by installer/windows/build.ps1:
;
;   makensis /DVERSION=0.1.0 /DBUNDLE=..\..\dist\officer-declare /DICON=..\..\build\pyinstaller\officer-declare\icons\officer-declare.ico
;            /DOUTFILE=..\..\dist\officer-declare-0.1.0-setup.exe installer\windows\officer-declare.nsi
;
; - Chinese (default) and English, chosen at the start.
; - Per user, without administrator rights (the default; %LOCALAPPDATA%\Programs\officer-declare), or for all users
;   (Program Files, needs an administrator). /CurrentUser or /AllUsers with /S for a silent installation.
; - Start-menu entry with the program's Chinese name, and an optional desktop shortcut; an entry in "Apps".
; - Installing over an earlier version replaces the program's files only. The uninstaller removes the program and
;   keeps the user's data folder (%LOCALAPPDATA%\officer-declare: the store, settings) unless the user asks, in a
;   question whose default answer is No; a silent uninstallation (/S) always keeps it.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "makensis /DVERSION=x.y.z … (installer/windows/build.ps1 passes it)"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\officer-declare"
!endif
!ifndef ICON
  !define ICON "..\..\build\pyinstaller\officer-declare\icons\officer-declare.ico"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\officer-declare-${VERSION}-setup.exe"
!endif

!define APP_ID "officer-declare"
!define APP_NAME_ZH "民警参与经商办企业情况登记"
!define APP_NAME_EN "Declarations of business involvement"
!define PUBLISHER "officer-declare"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_FOLDER_NAME "officer-declare" ; platformdirs.user_data_dir("officer-declare", appauthor=False)

Name "${APP_NAME_ZH}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME_ZH} ${VERSION}"

; -- per user or for all users ---------------------------------------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_ID}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include x64.nsh

; -- pages ------------------------------------------------------------------------------------------------------------
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT SHCTX
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\officer-declare-window.exe"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SEC_PROGRAM ${LANG_SIMPCHINESE} "程序"
LangString SEC_PROGRAM ${LANG_ENGLISH} "The program"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString NOT_64BIT ${LANG_SIMPCHINESE} "本程序需要 64 位 Windows 10 或更新版本。"
LangString NOT_64BIT ${LANG_ENGLISH} "This program needs 64-bit Windows 10 or later."
LangString STILL_RUNNING ${LANG_SIMPCHINESE} "程序正在运行，请先关闭 ${APP_NAME_ZH}，然后点击“重试”。"
LangString STILL_RUNNING ${LANG_ENGLISH} "The program is running: close ${APP_NAME_ZH}, then choose Retry."
LangString DELETE_DATA ${LANG_SIMPCHINESE} "是否同时删除您的数据文件夹？$\r$\n$\r$\n$0$\r$\n$\r$\n其中有您的加密数据库（全部登记表）和设置。删除后无法恢复。$\r$\n一般请选择“否”：重新安装后数据仍可使用。"
LangString DELETE_DATA ${LANG_ENGLISH} "Also delete your data folder?$\r$\n$\r$\n$0$\r$\n$\r$\nIt holds your encrypted store (every declaration) and your settings, and cannot be restored once deleted.$\r$\nUsually choose No: a new installation uses the data again."

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME_ZH}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME_ZH} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"

; -- installing -------------------------------------------------------------------------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(NOT_64BIT)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; The program's files cannot be replaced while it runs: $R0 is one of its executables; ask until it is closed (a
; silent run gives up). An executable opened for writing fails while Windows runs it.
!macro WAIT_UNTIL_CLOSED_FUNCTION PREFIX
Function ${PREFIX}WaitUntilClosed
  ${IfNot} ${FileExists} "$R0"
    Return
  ${EndIf}
  retry:
    ClearErrors
    FileOpen $R1 "$R0" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(STILL_RUNNING)" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
    FileClose $R1
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED_FUNCTION ""
!insertmacro WAIT_UNTIL_CLOSED_FUNCTION "un."

!macro WAIT_UNTIL_CLOSED PREFIX
  StrCpy $R0 "$INSTDIR\officer-declare-window.exe"
  Call ${PREFIX}WaitUntilClosed
  StrCpy $R0 "$INSTDIR\officer-declare.exe"
  Call ${PREFIX}WaitUntilClosed
!macroend

Section "$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  !insertmacro WAIT_UNTIL_CLOSED ""
  ; Over an earlier version: its program files go first (modules it had and this version has not must not stay).
  ; Only the folders this installer writes: the user's data is elsewhere (%LOCALAPPDATA%\officer-declare).
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File "${BUNDLE}\officer-declare.exe"
  File "${BUNDLE}\officer-declare-window.exe"
  File /r "${BUNDLE}\_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk" "$INSTDIR\officer-declare-window.exe" "" \
    "$INSTDIR\officer-declare-window.exe" 0 SW_SHOWNORMAL "" "${APP_NAME_EN}"

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME_ZH}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\officer-declare-window.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section /o "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME_ZH}.lnk" "$INSTDIR\officer-declare-window.exe"
SectionEnd

; -- uninstalling -----------------------------------------------------------------------------------------------------
Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  !insertmacro WAIT_UNTIL_CLOSED "un."
  Delete "$INSTDIR\officer-declare.exe"
  Delete "$INSTDIR\officer-declare-window.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_NAME_ZH}\${APP_NAME_ZH}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME_ZH}"
  Delete "$DESKTOP\${APP_NAME_ZH}.lnk"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"

  ; The data folder of the user who uninstalls (also after an installation for all users): kept unless asked.
  SetShellVarContext current
  StrCpy $0 "$LOCALAPPDATA\${DATA_FOLDER_NAME}"
  ${If} ${FileExists} "$0\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(DELETE_DATA)" /SD IDNO IDNO keep
    RMDir /r "$0"
    keep:
  ${EndIf}
SectionEnd
