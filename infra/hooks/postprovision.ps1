# azd postprovision hook (windows): publish the self-contained linux-x64 videossl bundle, upload it to the apps
# container with Entra ID auth (shared keys are disabled), then register the scheduled pipelines on Batch.
# azd exports the provision outputs (AZURE_STORAGE_ACCOUNT_NAME, ...) into this process's environment.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $env:AZURE_STORAGE_ACCOUNT_NAME) {
    throw 'AZURE_STORAGE_ACCOUNT_NAME is not set: run through azd (azd provision / azd up).'
}
$container = if ($env:AZURE_STORAGE_CONTAINER_APPS) { $env:AZURE_STORAGE_CONTAINER_APPS } else { 'apps' }
$blob = if ($env:AZURE_APP_BUNDLE_BLOB_NAME) { $env:AZURE_APP_BUNDLE_BLOB_NAME } else { 'videossl-linux-x64.zip' }
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$out = Join-Path $root 'artifacts/bundle'
$publish = Join-Path $out 'publish'
$zipFile = Join-Path $out $blob

Write-Host 'Publishing self-contained videossl (linux-x64)...'
if (Test-Path $out) { Remove-Item -Recurse -Force $out }
New-Item -ItemType Directory -Force -Path $publish | Out-Null
dotnet publish (Join-Path $root 'src/VideoSsl.Cli') -c Release -r linux-x64 --self-contained -o $publish
if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed ($LASTEXITCODE)" }
# Nodes run "$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl": if the CLI's assembly is not named videossl, add a launcher.
$launcher = Join-Path $publish 'videossl'
if (-not (Test-Path $launcher)) {
    [System.IO.File]::WriteAllText($launcher, "#!/bin/sh`nexec `"`$(dirname `"`$0`")/VideoSsl.Cli`" `"`$@`"`n")
}

# Compress-Archive loses the Unix execute bit; the pool start task sets it again after unzipping.
Write-Host "Zipping bundle to $zipFile..."
Compress-Archive -Path (Join-Path $publish '*') -DestinationPath $zipFile -Force

# Role assignments made by the deployment can take a few minutes to reach the data plane.
Write-Host "Uploading $blob to $($env:AZURE_STORAGE_ACCOUNT_NAME)/$container..."
$attempt = 1
while ($true) {
    az storage blob upload --auth-mode login --only-show-errors `
        --account-name $env:AZURE_STORAGE_ACCOUNT_NAME --container-name $container `
        --name $blob --file $zipFile --overwrite
    if ($LASTEXITCODE -eq 0) { break }
    if ($attempt -ge 10) { throw "Upload failed after $attempt attempts." }
    Write-Host 'Upload failed (role assignment may still be propagating); retrying in 30 s...'
    $attempt++
    Start-Sleep -Seconds 30
}

$nightly = Join-Path $root 'pipelines/nightly.yaml'
if (Test-Path $nightly) {
    Write-Host 'Registering scheduled pipelines on Azure Batch...'
    dotnet run --project (Join-Path $root 'src/VideoSsl.Cli') -- pipeline schedule $nightly --target batch
    if ($LASTEXITCODE -ne 0) { throw "pipeline schedule failed ($LASTEXITCODE)" }
}
else {
    Write-Host 'No pipelines/nightly.yaml yet; skipping schedule registration.'
}
