#!/usr/bin/env bash
# Adds every new public symbol to PublicAPI.Unshipped.txt (runs the analyzer's code fix).
set -euo pipefail
cd "$(dirname "$0")/.."
for p in src/*/*.csproj; do
  dotnet format analyzers "$p" --diagnostics RS0016 RS0017 --severity warn -v q || true
done
