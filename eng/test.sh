#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests with real ffmpeg and a real Azurite (started by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/bootstrap.sh
dotnet build VideoSsl.sln -c Release --no-restore --verbosity quiet -nologo
log=$(mktemp)
set +e
dotnet test VideoSsl.sln -c Release --no-build --verbosity quiet -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over every test assembly.
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
rm -f "$log"
exit "$status"
