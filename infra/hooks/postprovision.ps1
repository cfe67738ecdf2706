# azd postprovision hook (windows): publish the two self-contained linux-x64 bundles (CPU libtorch for the CPU pool, CUDA
# libtorch for the GPU pool), upload them to the apps container with Entra ID auth (shared keys are disabled), then
# register the scheduled pipelines on Batch. The same steps as eng/publish-bundle.sh, which the posix hook runs.
# azd exports the provision outputs (AZURE_STORAGE_ACCOUNT_NAME, ...) into this process's environment.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $env:AZURE_STORAGE_ACCOUNT_NAME) {
    throw 'AZURE_STORAGE_ACCOUNT_NAME is not set: run through azd (azd provision / azd up).'
}
$container = if ($env:AZURE_STORAGE_CONTAINER_APPS) { $env:AZURE_STORAGE_CONTAINER_APPS } else { 'apps' }
$cpuBlob = if ($env:AZURE_APP_BUNDLE_BLOB_NAME) { $env:AZURE_APP_BUNDLE_BLOB_NAME } else { 'videossl-linux-x64.zip' }
$gpuBlob = if ($env:AZURE_APP_BUNDLE_GPU_BLOB_NAME) { $env:AZURE_APP_BUNDLE_GPU_BLOB_NAME } else { 'videossl-linux-x64-cuda.zip' }
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$out = Join-Path $root 'artifacts/bundle'
New-Item -ItemType Directory -Force -Path $out | Out-Null

# The pools run Ubuntu 22.04, whose libstdc++ lacks GLIBCXX_3.4.32: the bundle's libLibTorchSharp.so always gets that
# need marked weak (TorchSharpWeakenGlibcxx=true), whatever machine publishes it. Returns the zip, or $null when the
# package source does not serve the CUDA packages (one line says so).
function Publish-Bundle([string]$Kind, [string]$Runtime, [string]$Zip) {
    $publish = Join-Path $out "publish-$Kind"
    if (Test-Path $publish) { Remove-Item -Recurse -Force $publish }
    $log = dotnet publish (Join-Path $root 'src/VideoSsl.Cli') -c Release -r linux-x64 --self-contained `
        "-p:TorchRuntime=$Runtime" -p:TorchSharpWeakenGlibcxx=true "-p:VideoSslBundle=$Kind" -o $publish -nologo -v q 2>&1
    if ($LASTEXITCODE -ne 0) {
        if ($Runtime -eq 'cuda' -and ($log -match 'NU110[0-9].*(libtorch-cuda|TorchSharp-cuda)')) {
            Write-Host 'GPU bundle not published: the package source does not serve libtorch-cuda-12.8-linux-x64 2.10.0.0 (TorchRuntime=cuda, pinned in Directory.Packages.props); add a NuGet source that does and run this again.'
            return $null
        }
        $log | Write-Host
        throw "dotnet publish ($Kind bundle) failed ($LASTEXITCODE)"
    }
    # Compress-Archive loses the Unix execute bit; the pool start task sets it again after unzipping.
    $zipFile = Join-Path $out $Zip
    Compress-Archive -Path (Join-Path $publish '*') -DestinationPath $zipFile -Force
    return $zipFile
}

# Role assignments made by the deployment can take a few minutes to reach the data plane.
function Send-Bundle([string]$File, [string]$Blob) {
    Write-Host "Uploading $Blob to $($env:AZURE_STORAGE_ACCOUNT_NAME)/$container..."
    $attempt = 1
    while ($true) {
        az storage blob upload --auth-mode login --only-show-errors `
            --account-name $env:AZURE_STORAGE_ACCOUNT_NAME --container-name $container `
            --name $Blob --file $File --overwrite
        if ($LASTEXITCODE -eq 0) { break }
        if ($attempt -ge 10) { throw "Upload failed after $attempt attempts." }
        Write-Host 'Upload failed (role assignment may still be propagating); retrying in 30 s...'
        $attempt++
        Start-Sleep -Seconds 30
    }
}

Write-Host "Publishing the CPU pool's bundle (TorchRuntime=cpu)..."
Send-Bundle (Publish-Bundle 'cpu' 'cpu' 'videossl-linux-x64.zip') $cpuBlob

Write-Host "Publishing the GPU pool's bundle (TorchRuntime=cuda)..."
$gpuZip = Publish-Bundle 'gpu' 'cuda' 'videossl-linux-x64-cuda.zip'
if (-not $gpuZip) {
    throw 'The GPU pool has no bundle, so its pretraining stage cannot run: the scheduled pipelines were not registered (the CPU bundle is uploaded).'
}
Send-Bundle $gpuZip $gpuBlob

$nightly = Join-Path $root 'pipelines/nightly.yaml'
if (Test-Path $nightly) {
    Write-Host 'Registering scheduled pipelines on Azure Batch...'
    dotnet run --project (Join-Path $root 'src/VideoSsl.Cli') -- pipeline schedule $nightly --target batch
    if ($LASTEXITCODE -ne 0) { throw "pipeline schedule failed ($LASTEXITCODE)" }
}
else {
    Write-Host 'No pipelines/nightly.yaml yet; skipping schedule registration.'
}
