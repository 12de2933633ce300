# Builds the Windows bundle and installer, on Windows 10/11 x64 (a release PC or the GitHub Actions runner of
# .github/workflows/windows-installer.yml). PyInstaller cannot build for Windows from Linux.
#
#     pwsh installer\windows\build.ps1 [-Python C:\Python311\python.exe] [-Makensis "C:\Program Files (x86)\NSIS\makensis.exe"]
#
# Needs: CPython 3.11 or 3.12 (64-bit) and NSIS 3 (makensis). Makes .venv-windows\ (the build's own environment: the
# app and PyInstaller from PyPI; every dependency has win_amd64 wheels), then
#   dist\officer-declare\                          the one-folder bundle (officer-declare.exe for the command line,
#                                                  officer-declare-window.exe without a console for the Start menu)
#   dist\officer-declare-<version>-setup.exe       the installer (installer\windows\officer-declare.nsi)
param(
    [string]$Python = "python",
    [string]$Makensis = "makensis"
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Invoke-Checked([string]$Program, [string[]]$Arguments) {
    Write-Host "> $Program $($Arguments -join ' ')"
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program failed with exit code $LASTEXITCODE" }
}

$started = Get-Date
$venv = Join-Path $Root ".venv-windows"
if (-not (Test-Path (Join-Path $venv "Scripts\python.exe"))) {
    Invoke-Checked $Python @("-m", "venv", $venv)
}
$py = Join-Path $venv "Scripts\python.exe"
Invoke-Checked $py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
# With requirements\lock.txt (make lock) present, the locked versions with their hashes; else pyproject's ranges.
$lock = Join-Path $Root "requirements\lock.txt"
if (Test-Path $lock) {
    Invoke-Checked $py @("-m", "pip", "install", "--quiet", "--require-hashes", "-r", $lock)
    Invoke-Checked $py @("-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ".")
} else {
    Invoke-Checked $py @("-m", "pip", "install", "--quiet", "-e", ".[installer]")
}

$bundleStarted = Get-Date
Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $Root "dist\officer-declare")
Invoke-Checked $py @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "--distpath", "dist",
    "--workpath", "build\pyinstaller", "installer\pyinstaller\officer-declare.spec")
$bundleSeconds = [int]((Get-Date) - $bundleStarted).TotalSeconds

$version = (Select-String -Path (Join-Path $Root "pyproject.toml") -Pattern '^version = "(.*)"$').Matches[0].Groups[1].Value
$bundle = Join-Path $Root "dist\officer-declare"
$icon = Join-Path $Root "build\pyinstaller\officer-declare\icons\officer-declare.ico"
$setup = Join-Path $Root "dist\officer-declare-$version-setup.exe"
Invoke-Checked $Makensis @("/V2", "/WX", "/DVERSION=$version", "/DBUNDLE=$bundle", "/DICON=$icon", "/DOUTFILE=$setup",
    (Join-Path $Root "installer\windows\officer-declare.nsi"))

$files = (Get-ChildItem -Recurse -File $bundle | Measure-Object -Property Length -Sum)
Write-Host ("bundle: {0:N0} MiB in {1} files, built in {2} s" -f ($files.Sum / 1MB), $files.Count, $bundleSeconds)
Write-Host ("installer: {0} ({1:N0} MiB); all in {2} s" -f $setup, ((Get-Item $setup).Length / 1MB),
    [int]((Get-Date) - $started).TotalSeconds)
