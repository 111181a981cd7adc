#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt,
# and removes the ones it reports as gone (RS0017). Run after changing the public surface; review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
for p in src/*/*.csproj; do
  dir=$(dirname "$p")
  for round in 1 2 3; do
    out=$(dotnet build "$p" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
    added=$(echo "$out" | grep -oP "RS0016: Symbol '\K.*?(?=' is not part of the declared public API)" | sort -u || true)
    removed=$(echo "$out" | grep -oP "RS0017: Symbol '\K.*?(?=' is part of the declared API, but)" | sort -u || true)
    [ -z "$added" ] && [ -z "$removed" ] && break
    file="$dir/PublicAPI.Unshipped.txt"
    { head -1 "$file"; { tail -n +2 "$file"; [ -n "$added" ] && echo "$added"; } | sort -u | grep -v '^$' ; } > "$file.new"
    if [ -n "$removed" ]; then
      grep -vxFf <(echo "$removed") "$file.new" > "$file.tmp" || true; mv "$file.tmp" "$file.new"
    fi
    mv "$file.new" "$file"
  done
done
