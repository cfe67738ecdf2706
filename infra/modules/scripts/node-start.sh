#!/bin/bash
# Batch pool start task: install ffmpeg and unpack the self-contained videossl bundle into the node's shared
# directory. The bundle zip was already downloaded into the working directory by a resourceFile (pool identity).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# apt may be locked by unattended-upgrades right after boot: try a few times.
for attempt in 1 2 3 4 5 6; do
  if apt-get update -q && apt-get install -y -q --no-install-recommends ffmpeg unzip; then
    break
  fi
  if [ "$attempt" = 6 ]; then
    echo "apt-get failed after $attempt attempts" >&2
    exit 1
  fi
  sleep 20
done
ffmpeg -hide_banner -version | head -n 1

bundle="${VIDEOSSL_BUNDLE_FILE:-videossl.zip}"
target="$AZ_BATCH_NODE_SHARED_DIR/videossl"
rm -rf "$target.new"
mkdir -p "$target.new"
unzip -q -o "$bundle" -d "$target.new"
chmod -R a+rX "$target.new"
# A zip made on Windows carries no execute bits.
for exe in videossl VideoSsl.Cli; do
  if [ -f "$target.new/$exe" ]; then chmod a+x "$target.new/$exe"; fi
done
rm -rf "$target"
mv "$target.new" "$target"
"$target/videossl" --version || true
