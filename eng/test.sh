#!/usr/bin/env bash
# Runs every test in the repository and ends with one line: `N passed, N failed` (`, N skipped` when any).
#
# It installs and starts what the tests need when missing (PostgreSQL, Redis and coturn on private loopback
# ports; Debian's Chromium when a test project uses Playwright), builds the solution, runs
# `dotnet test` over it with TRX results, and sums the TRX counters. Exit code: 0 only when the build
# succeeded and no test failed.
#
#   eng/test.sh                 # everything
#   eng/test.sh --filter X      # extra arguments go to `dotnet test`
#
# Then it checks the packed packages (eng/package-check.sh: metadata, and the sample bot built and run from the
# packages alone), fuzzes every parser briefly (eng/fuzz.sh all $CHATALOT_FUZZ_SECONDS, default 10; 0 skips) and counts
# each fuzz target as one test in the final line.
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
results="$repo/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

services=(postgres redis coturn unzip)
if grep -qs 'Include="Microsoft.Playwright"' tests/*/*.csproj; then services+=(chromium); fi
if ! service_env="$(eng/test-services.sh "${services[@]}")"; then
  echo "test services failed to start" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
eval "$service_env"

echo "== build" >&2
if ! dotnet build Chatalot.Sdk.sln -c Debug -nologo -clp:NoSummary; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== test" >&2
dotnet test Chatalot.Sdk.sln -c Debug --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
test_rc=$?

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ...>.
sum() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9\n' | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed); failed=$(sum failed); total=$(sum total); executed=$(sum executed)
passed=${passed:-0}; failed=${failed:-0}; total=${total:-0}; executed=${executed:-0}
skipped=$((total - executed))
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
projects=$(ls tests/*/*.csproj | wc -l)
# A test project that crashed leaves no TRX or fewer counts: count it as a failure, never as a pass.
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$trx_count" -lt "$projects" ]; then
  echo "only $trx_count of $projects test projects produced results" >&2
  [ "$failed" -gt 0 ] || failed=1
fi

# Package consumption (eng/package-check.sh): the packages pack with their metadata, and the sample bot builds and
# runs from them alone, as an outside developer would use them. Each check is one test.
echo "== package check" >&2
bash eng/package-check.sh Debug >artifacts/package-check.txt
package_rc=$?
package_passed=$(grep -c ' pass$' artifacts/package-check.txt); package_failed=$(grep -c ' fail$' artifacts/package-check.txt)
package_passed=${package_passed:-0}; package_failed=${package_failed:-0}
if [ "$package_rc" -ne 0 ] && [ "$package_failed" -eq 0 ]; then package_failed=1; fi
echo "package check: $package_passed passed, $package_failed failed" >&2
passed=$((passed + package_passed)); failed=$((failed + package_failed))

# Fuzzing (docs/articles/fuzzing.md): every target briefly; each is one test, a crash one failure.
# CHATALOT_FUZZ_SECONDS=0 skips it (for quick local runs).
fuzz_seconds="${CHATALOT_FUZZ_SECONDS:-10}"
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzz (${fuzz_seconds}s per target)" >&2
  fuzz_start=$SECONDS
  rm -f artifacts/fuzz/results.txt
  FUZZ_CONFIGURATION=Debug FUZZ_SEED="${FUZZ_SEED:-1}" bash eng/fuzz.sh all "$fuzz_seconds" >&2
  fuzz_rc=$?
  fuzz_passed=$(grep -c ' pass$' artifacts/fuzz/results.txt 2>/dev/null); fuzz_failed=$(grep -c ' fail$' artifacts/fuzz/results.txt 2>/dev/null)
  fuzz_passed=${fuzz_passed:-0}; fuzz_failed=${fuzz_failed:-0}
  # A fuzz step that could not run (install, build) is a failure too, never a silent pass.
  if [ "$fuzz_rc" -ne 0 ] && [ "$fuzz_failed" -eq 0 ]; then fuzz_failed=1; fi
  echo "fuzz: $fuzz_passed passed, $fuzz_failed failed in $((SECONDS - fuzz_start))s" >&2
  passed=$((passed + fuzz_passed)); failed=$((failed + fuzz_failed))
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$test_rc" -eq 0 ]
