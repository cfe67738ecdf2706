#!/usr/bin/env bash
# The main job end to end on the embedded folder store: installs what is missing, builds, runs pipelines/demo.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
VIDEOSSL_SKIP_AZURITE=1 bash eng/bootstrap.sh
dotnet build src/VideoSsl.Cli -c Release --no-restore --verbosity quiet -nologo
exec dotnet src/VideoSsl.Cli/bin/Release/net10.0/videossl.dll pipeline run pipelines/demo.yaml "$@"
