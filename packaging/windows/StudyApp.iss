; StudyApp installer for Windows: an Inno Setup 6 script around the PyInstaller one-folder build.
;
; NOT BUILT OR TESTED: this project is built on Linux only. See packaging/README.md, "Windows".
;
; Build on Windows, from the repository root, after `python packaging\build.py` made dist\StudyApp\
; and resources\icons\studyapp.ico exists:
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\StudyApp.iss
;
; The installer is written to dist\StudyApp-<version>-setup.exe. Relative paths below are relative
; to this file's folder. The default is a per-user install (no administrator rights); the wizard
; offers an all-users install in Program Files. Uninstalling keeps the learner's study data
; (%LOCALAPPDATA%\StudyApp), which the app itself creates.

#ifndef AppVersion
  ; Keep in step with studyapp/__init__.py (__version__), or pass /DAppVersion=... as above.
  #define AppVersion "0.1.0"
#endif
#define AppName "StudyApp"
#define AppExeName "StudyApp.exe"
#define BuildDir "..\..\dist\StudyApp"
#define IconFile "..\..\resources\icons\studyapp.ico"

[Setup]
; The AppId identifies the app for upgrades and uninstall: never change it.
AppId={{4BB8375A-1B1C-4993-9339-0D0A11106970}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=StudyApp developers
AppComments=Preparation for PMI's PMP and CAPM exams
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default; the user may choose an all-users install in the wizard.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; PyInstaller builds for the Python that runs it: a 64-bit Python gives a 64-bit app.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running StudyApp before files are replaced.
CloseApplications=yes
LicenseFile=..\..\LICENSE

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: StudyApp.exe and its _internal\ folder.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so files dropped by a newer build go away.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "Prepare for the PMP and CAPM exams"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
