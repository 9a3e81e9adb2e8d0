# The installer built on Windows itself (GitHub Actions, or a developer's PC with Python 3.13
# and NSIS): what build/windows/build.sh does under Wine, with the native Python.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$version = (Select-String -Path desktop\__init__.py -Pattern '^__version__ = "(.*)"').Matches[0].Groups[1].Value

Get-ChildItem i18n\*.ts | ForEach-Object {
  pyside6-lrelease -silent $_.FullName -qm ($_.FullName -replace '\.ts$', '.qm')
  if ($LASTEXITCODE) { throw "lrelease failed on $($_.Name)" }
}
New-Item -ItemType Directory -Force dist\windows | Out-Null
$icon = (Resolve-Path dist\windows).Path + "\sotay-cns.ico"
python build\make_icon.py --ico $icon
$wizard = (Resolve-Path dist\windows).Path + "\wizard.bmp"
python build\make_icon.py --wizard $wizard
$env:SOTAY_ICON = $icon
python -X utf8 -m PyInstaller --noconfirm --workpath .pyinstaller-work --distpath dist\windows build\pyinstaller.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

$makensis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $makensis) { $makensis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
$bundle = (Resolve-Path dist\windows\sotay-cns).Path
$central = (Resolve-Path dist\windows\sotay-central).Path
$setup = (Resolve-Path dist\windows).Path + "\SoTayCNS-$version-setup.exe"
& $makensis -V2 -INPUTCHARSET UTF8 "-DVERSION=$version" "-DBUNDLE=$bundle" "-DCENTRAL=$central" "-DOUTFILE=$setup" "-DICON=$icon" "-DWIZARD=$wizard" build\windows\installer.nsi
if ($LASTEXITCODE) { throw "makensis failed" }
Write-Output "made $setup"
