# The Windows installer works for an ordinary user, without administrator rights (run by
# .github/workflows/windows-installer.yml after build.ps1; PowerShell 7, this file is UTF-8).
#
#     pwsh installer\windows\smoke-test.ps1 -Installer dist\officer-declare-<version>-setup.exe
#
# Installs silently for the current user (/S /CurrentUser), checks the Start-menu entry with the Chinese name and the
# "Apps" entry, then runs the installed program: --help, --version, demo --officers 20 into a temporary folder,
# export, verify (with the head's key trusted), import, keys trust, audit verify, and check-window (the window offscreen: the login page in Chinese). Then a
# store in the user's data folder, the installer run again over itself, and the uninstaller (/S): the program is
# gone, the store is byte for byte what it was.
param([Parameter(Mandatory = $true)][string]$Installer)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new()
$Title = "民警参与经商办企业情况登记"
$Installer = (Resolve-Path $Installer).Path

function Step([string]$What) { Write-Host "`n== smoke test: $What" }
function Fail([string]$What) { throw "smoke test: $What" }
function Invoke-App([string[]]$Arguments, [int[]]$Allowed = @(0)) {
    $output = & $script:App @Arguments
    if ($Allowed -notcontains $LASTEXITCODE) { Fail "officer-declare $($Arguments -join ' ') exited with $LASTEXITCODE" }
    $output | ForEach-Object { Write-Host $_ }
    return $output
}
function Install-Quietly {
    $p = Start-Process -FilePath $Installer -ArgumentList "/S", "/CurrentUser" -Wait -PassThru
    if ($p.ExitCode -ne 0) { Fail "the installer exited with $($p.ExitCode)" }
}
function Get-Digest([string]$Folder) {
    Get-ChildItem -Recurse -File $Folder | Sort-Object FullName | ForEach-Object {
        "$((Get-FileHash -Algorithm SHA256 $_.FullName).Hash) $($_.FullName.Substring($Folder.Length))"
    } | Out-String
}

Step "install for the current user, silently"
Install-Quietly
$InstallDir = Join-Path $env:LOCALAPPDATA "Programs\officer-declare"
$script:App = Join-Path $InstallDir "officer-declare.exe"
if (-not (Test-Path $script:App)) { Fail "no $script:App after installing" }
if (-not (Test-Path (Join-Path $InstallDir "officer-declare-window.exe"))) { Fail "no officer-declare-window.exe" }
$StartMenu = Join-Path ([Environment]::GetFolderPath("Programs")) "$Title\$Title.lnk"
if (-not (Test-Path $StartMenu)) { Fail "no Start-menu entry $StartMenu" }
$Uninstall = Get-ItemProperty "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\officer-declare"
if ($Uninstall.DisplayName -ne $Title) { Fail "the Apps entry is named '$($Uninstall.DisplayName)'" }

$Temp = Join-Path ([IO.Path]::GetTempPath()) ("officer-declare-smoke-" + [Guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory $Temp | Out-Null
$env:OFFICER_DECLARE_PASSWORD = "smoke-" + (Get-Random) + "-pass"
$env:QT_QPA_PLATFORM = "offscreen"
$Store = Join-Path $Temp "store"

Step "--help, --version"
$help = Invoke-App @("--help") | Out-String
if ($help -notmatch "--data-dir") { Fail "--help says nothing of --data-dir" }
Invoke-App @("--version") | Out-Null

Step "demo --officers 20, export, verify with the head's key trusted, import, keys trust, audit verify"
Invoke-App @("--data-dir", $Store, "demo", "--officers", "20") | Out-Null
Invoke-App @("--data-dir", $Store, "--user", "000001", "export", "--out", "$Temp\unit.xlsx") | Out-Null
# Without a trusted key verify names the keys and exits non-zero; with the head's key trusted it exits 0.
$untrusted = Invoke-App @("--lang", "en", "verify", "$Temp\unit.xlsx") -Allowed @(0, 1, 4) | Out-String
$fingerprint = [regex]::Match($untrusted, "([0-9a-f]{4}:){15}[0-9a-f]{4}").Value
if (-not $fingerprint) { Fail "verify named no key" }
Invoke-App @("verify", "--trust", $fingerprint, "$Temp\unit.xlsx") | Out-Null
# The import flags every declaration until an inspector trusts the exporting key (exit 1 then).
$imported = Invoke-App @("--lang", "en", "--data-dir", $Store, "--user", "jijian01", "import", "$Temp\unit.xlsx") -Allowed @(0, 1) |
    Out-String
if ($imported -notmatch "imported (\d+) declarations; \1 verify, 0 do not") { Fail "the import did not verify every declaration" }
Invoke-App @("--data-dir", $Store, "--user", "jijian01", "keys", "trust", $fingerprint) | Out-Null
Invoke-App @("--data-dir", $Store, "--user", "admin", "audit", "verify") | Out-Null

Step "the window offscreen: the login page in Chinese"
$report = (Invoke-App @("check-window", "--data-dir", $Store, "--config-dir", "$Temp\config") | Select-Object -Last 1) |
    ConvertFrom-Json
if ($report.page -ne "loginPage") { Fail "the window shows $($report.page), not the login page" }
if ($report.window_title -ne $Title -or $report.app_title -ne $Title) { Fail "the login page is not in Chinese" }
if ($report.accounts -ne 23) { Fail "the login page lists $($report.accounts) accounts, not 23" }

Step "the user's data across reinstalling and uninstalling"
$Data = Join-Path $env:LOCALAPPDATA "officer-declare"
Invoke-App @("demo", "--officers", "5") | Out-Null
$before = Get-Digest $Data
Install-Quietly
if ((Get-Digest $Data) -ne $before) { Fail "installing again changed the store in $Data" }
Invoke-App @("--user", "admin", "audit", "verify") | Out-Null
$before = Get-Digest $Data
# _?= runs the uninstaller in place, so that waiting for it waits for the uninstallation itself.
$p = Start-Process -FilePath (Join-Path $InstallDir "uninstall.exe") -ArgumentList "/S", "/CurrentUser", "_?=$InstallDir" -Wait -PassThru
if ($p.ExitCode -ne 0) { Fail "the uninstaller exited with $($p.ExitCode)" }
Remove-Item -Force -ErrorAction SilentlyContinue (Join-Path $InstallDir "uninstall.exe")
if (Test-Path $script:App) { Fail "$script:App is still there after uninstalling" }
if (Test-Path $StartMenu) { Fail "the Start-menu entry is still there after uninstalling" }
if ((Get-Digest $Data) -ne $before) { Fail "uninstalling changed the store in $Data" }
Remove-Item -Recurse -Force $Temp
Write-Host "`nsmoke test: all passed"
