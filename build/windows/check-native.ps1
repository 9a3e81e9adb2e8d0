# On Windows itself (GitHub Actions): a silent install for this user, the installed app's
# self-test with QtPdf opening the printed page (no stand-in here), files saved to Documents, an
# upgrade over itself and an uninstall, both keeping the data. tests/windows/ does the same and
# more under Wine in `make windows-check`.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$setup = (Get-ChildItem dist\windows\SoTayCNS-*-setup.exe | Select-Object -First 1).FullName
$app = "$env:LOCALAPPDATA\Programs\SoTayCNS\sotay-cns.exe"
$data = "$env:LOCALAPPDATA\SoTayCNS"

function Check($what, $ok) { if (-not $ok) { throw "FAILED: $what" } ; Write-Output "ok: $what" }

Start-Process -Wait -FilePath $setup -ArgumentList "/S"
Check "installed per user" (Test-Path $app)
$cmd = "$env:LOCALAPPDATA\Programs\SoTayCNS\sotay-cns-cmd.exe"
& $cmd --sync --lang en | Out-String | Write-Output
Check "the console twin answers (not connected: exit 1)" ($LASTEXITCODE -eq 1)
$documents = [Environment]::GetFolderPath("MyDocuments")
# A windowed program: its output reaches a pipe (Out-String), not a console.
$out = & $app --self-test --self-test-files $documents | Out-String
Write-Output $out
Check "self-test ok, QtPdf opened the page" ($out -match "self-test: ok")
Check "keyring: Credential Manager" ($out -match "WinVaultKeyring")
Check "PDF and XLSX in Documents" ((Test-Path "$documents\sotay-self-test.pdf") -and (Test-Path "$documents\sotay-self-test.xlsx"))

# A first start makes the profile; a second start hands over and exits.
$first = Start-Process -PassThru -FilePath $app
Start-Sleep -Seconds 15
Check "profile in %LOCALAPPDATA%\SoTayCNS" (Test-Path "$data\sotay.sqlite3")
$second = & $app | Out-String
Check "second start hands over" ($second -match "already running")
Stop-Process -Id $first.Id -Force
Start-Sleep -Seconds 2

Start-Process -Wait -FilePath $setup -ArgumentList "/S"
Check "upgrade keeps the data" (Test-Path "$data\sotay.sqlite3")
Start-Process -Wait -FilePath "$env:LOCALAPPDATA\Programs\SoTayCNS\uninstall.exe" -ArgumentList "/S"
Start-Sleep -Seconds 5
Check "uninstalled" (-not (Test-Path $app))
Check "Start-menu shortcut removed" (-not (Test-Path "$env:APPDATA\Microsoft\Windows\Start Menu\Programs\Sổ tay CNS.lnk"))
Check "uninstall keeps the data" (Test-Path "$data\sotay.sqlite3")
