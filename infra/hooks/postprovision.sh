#!/bin/sh
# azd postprovision hook (posix): publish the self-contained linux-x64 videossl bundle, upload it to the apps
# container with Entra ID auth (shared keys are disabled), then register the scheduled pipelines on Batch.
# azd exports the provision outputs (AZURE_STORAGE_ACCOUNT_NAME, ...) into this process's environment.
set -eu

: "${AZURE_STORAGE_ACCOUNT_NAME:?run through azd (azd provision / azd up) so the provision outputs are set}"
container="${AZURE_STORAGE_CONTAINER_APPS:-apps}"
blob="${AZURE_APP_BUNDLE_BLOB_NAME:-videossl-linux-x64.zip}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/artifacts/bundle"
publish="$out/publish"
zipfile="$out/$blob"

echo "Publishing self-contained videossl (linux-x64)..."
rm -rf "$out"
mkdir -p "$publish"
dotnet publish "$root/src/VideoSsl.Cli" -c Release -r linux-x64 --self-contained -o "$publish"
# Nodes run "$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl": if the CLI's assembly is not named videossl, add a launcher.
if [ ! -f "$publish/videossl" ]; then
  printf '#!/bin/sh\nexec "$(dirname "$0")/VideoSsl.Cli" "$@"\n' > "$publish/videossl"
  chmod +x "$publish/videossl"
fi

echo "Zipping bundle to $zipfile..."
if command -v zip >/dev/null 2>&1; then
  (cd "$publish" && zip -q -r "$zipfile" .)
else
  (cd "$publish" && python3 -m zipfile -c "$zipfile" ./*)
fi

# Role assignments made by the deployment can take a few minutes to reach the data plane.
echo "Uploading $blob to $AZURE_STORAGE_ACCOUNT_NAME/$container..."
attempt=1
until az storage blob upload --auth-mode login --only-show-errors \
  --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name "$container" \
  --name "$blob" --file "$zipfile" --overwrite; do
  if [ "$attempt" -ge 10 ]; then
    echo "Upload failed after $attempt attempts." >&2
    exit 1
  fi
  echo "Upload failed (role assignment may still be propagating); retrying in 30 s..."
  attempt=$((attempt + 1))
  sleep 30
done

if [ -f "$root/pipelines/nightly.yaml" ]; then
  echo "Registering scheduled pipelines on Azure Batch..."
  dotnet run --project "$root/src/VideoSsl.Cli" -- pipeline schedule "$root/pipelines/nightly.yaml" --target batch
else
  echo "No pipelines/nightly.yaml yet; skipping schedule registration."
fi
