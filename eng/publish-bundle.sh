#!/usr/bin/env bash
# Publishes the self-contained linux-x64 videossl bundle that a Batch pool's start task installs:
#   cpu: CPU libtorch, for the CPU pool      -> OUT/videossl-linux-x64.zip
#   gpu: CUDA libtorch (TorchRuntime=cuda),  -> OUT/videossl-linux-x64-cuda.zip
# The copy of libLibTorchSharp.so always gets its GLIBCXX_3.4.32 need marked weak (TorchSharpWeakenGlibcxx=true): the
# pools run Ubuntu 22.04, whose libstdc++ lacks that version, whatever machine publishes the bundle.
# Exit codes: 0 published; 3 the package source does not serve the CUDA packages (one line says so); 1 other failure.
# Usage: bash eng/publish-bundle.sh cpu|gpu OUT
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kind="${1:-}"; out="${2:-}"
case "$kind" in
  cpu) runtime=cpu; zip=videossl-linux-x64.zip ;;
  gpu) runtime=cuda; zip=videossl-linux-x64-cuda.zip ;;
  *) echo "usage: bash eng/publish-bundle.sh cpu|gpu OUT" >&2; exit 2 ;;
esac
[ -n "$out" ] || { echo "usage: bash eng/publish-bundle.sh cpu|gpu OUT" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
publish="$out/publish-$kind"
rm -rf "$publish" "$out/$zip"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet publish "$root/src/VideoSsl.Cli" -c Release -r linux-x64 --self-contained \
    -p:TorchRuntime="$runtime" -p:TorchSharpWeakenGlibcxx=true -p:VideoSslBundle="$kind" -o "$publish" -nologo -v q >"$log" 2>&1; then
  if [ "$runtime" = cuda ] && grep -qE "NU110[0-9].*(libtorch-cuda|TorchSharp-cuda)" "$log"; then
    echo "GPU bundle not published: the package source does not serve libtorch-cuda-12.8-linux-x64 2.10.0.0 (TorchRuntime=cuda, pinned in Directory.Packages.props); add a NuGet source that does and run this again." >&2
    exit 3
  fi
  cat "$log" >&2
  exit 1
fi

# Nodes run "$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl"; the CLI's assembly is named videossl.
[ -x "$publish/videossl" ] || { echo "publish produced no videossl executable in $publish" >&2; exit 1; }
if command -v zip >/dev/null 2>&1; then
  (cd "$publish" && zip -q -r "$out/$zip" .)
else
  (cd "$publish" && python3 -m zipfile -c "$out/$zip" ./*)
fi
echo "$out/$zip"
