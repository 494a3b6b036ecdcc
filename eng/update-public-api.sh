#!/usr/bin/env bash
# Brings every src/*/PublicAPI.Unshipped.txt in line with the code: adds symbols the analyzer
# reports as undeclared (RS0016) and drops declared ones that no longer exist (RS0017).
# Review the diff afterwards: every public API change should be deliberate.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in src/*/*.csproj; do
  dotnet build "$project" --no-incremental -nologo -clp:NoSummary -p:WarningsAsErrors= -p:TreatWarningsAsErrors=false \
    -p:MSBuildTreatWarningsAsErrors=false >>"$log" 2>&1 || true
done

for dir in src/*/; do
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  project="$(basename "$dir")"
  added=$(grep -E "RS0016: Symbol '.*' is not part of the declared public API.*\[.*/$project/$project.csproj\]" "$log" \
    | sed -E "s/.*RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)
  removed=$(grep -E "RS0017: Symbol '.*' is part of the declared API.*\[.*/$project/$project.csproj\]" "$log" \
    | sed -E "s/.*RS0017: Symbol '(.*)' is part of the declared API.*/\1/" | sort -u || true)
  body=$(grep -v '^#nullable enable$' "$unshipped" || true)
  if [ -n "$removed" ]; then
    body=$(grep -vxF -f <(printf '%s\n' "$removed") <<<"$body" || true)
  fi
  { echo '#nullable enable'; printf '%s\n%s\n' "$body" "$added" | sed '/^$/d' | LC_ALL=C sort -u; } >"$unshipped"
done
echo "PublicAPI.Unshipped.txt files updated; review with: git diff -- 'src/*/PublicAPI.Unshipped.txt'"
