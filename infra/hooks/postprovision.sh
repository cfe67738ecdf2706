#!/bin/sh
# azd postprovision hook (posix): publish the two self-contained linux-x64 bundles (CPU libtorch for the CPU pool, CUDA
# libtorch for the GPU pool; eng/publish-bundle.sh), upload them to the apps container with Entra ID auth (shared keys
# are disabled), then register the scheduled pipelines on Batch.
# azd exports the provision outputs (AZURE_STORAGE_ACCOUNT_NAME, ...) into this process's environment.
set -eu

: "${AZURE_STORAGE_ACCOUNT_NAME:?run through azd (azd provision / azd up) so the provision outputs are set}"
container="${AZURE_STORAGE_CONTAINER_APPS:-apps}"
cpu_blob="${AZURE_APP_BUNDLE_BLOB_NAME:-videossl-linux-x64.zip}"
gpu_blob="${AZURE_APP_BUNDLE_GPU_BLOB_NAME:-videossl-linux-x64-cuda.zip}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/bundle"

# Role assignments made by the deployment can take a few minutes to reach the data plane.
upload() {
  echo "Uploading $2 to $AZURE_STORAGE_ACCOUNT_NAME/$container..."
  attempt=1
  until az storage blob upload --auth-mode login --only-show-errors \
    --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name "$container" \
    --name "$2" --file "$1" --overwrite; do
    if [ "$attempt" -ge 10 ]; then
      echo "Upload failed after $attempt attempts." >&2
      exit 1
    fi
    echo "Upload failed (role assignment may still be propagating); retrying in 30 s..."
    attempt=$((attempt + 1))
    sleep 30
  done
}

echo "Publishing the CPU pool's bundle (TorchRuntime=cpu)..."
bash "$root/eng/publish-bundle.sh" cpu "$out"
upload "$out/videossl-linux-x64.zip" "$cpu_blob"

echo "Publishing the GPU pool's bundle (TorchRuntime=cuda)..."
gpu=0
bash "$root/eng/publish-bundle.sh" gpu "$out" || gpu=$?
if [ "$gpu" -ne 0 ]; then
  echo "The GPU pool has no bundle, so its pretraining stage cannot run: the scheduled pipelines were not registered (the CPU bundle is uploaded)." >&2
  exit "$gpu"
fi
upload "$out/videossl-linux-x64-cuda.zip" "$gpu_blob"

if [ -f "$root/pipelines/nightly.yaml" ]; then
  echo "Registering scheduled pipelines on Azure Batch..."
  dotnet run --project "$root/src/VideoSsl.Cli" -- pipeline schedule "$root/pipelines/nightly.yaml" --target batch
else
  echo "No pipelines/nightly.yaml yet; skipping schedule registration."
fi
