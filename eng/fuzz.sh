#!/usr/bin/env bash
# Runs the SharpFuzz/libFuzzer targets of fuzz/Chatalot.Fuzz (docs/articles/fuzzing.md).
#
#   eng/fuzz.sh                      # every target, 60 s each
#   eng/fuzz.sh content 600          # one target, ten minutes
#   eng/fuzz.sh all 10               # what CI runs (eng/test.sh), 10 s each
#
# Installs what is missing (clang and its libFuzzer runtime from Debian; the sharpfuzz tool from the local tool
# manifest), builds the target program, instruments copies of Chatalot.Protocol.dll and Chatalot.Crypto.dll, builds
# the native driver (fuzz/driver) and runs each target with the committed seeds (fuzz/corpus/<target>) plus a
# growing working corpus (artifacts/fuzz/corpus/<target>). A crash, a timeout or an exception outside the target's
# contract leaves its input in artifacts/fuzz/crashes/<target>/ and counts as a failure.
#
# Output ends with `fuzz: N passed, N failed` (one per target); artifacts/fuzz/results.txt has a `target pass|fail`
# line per target. Exit code: 0 only when every target passed.
#
# Environment: FUZZ_CONFIGURATION (Debug|Release, default Release), FUZZ_TIMEOUT (seconds per input, default 25),
# FUZZ_SEED (libFuzzer's -seed; default 0, a random one). CI fixes the seed: a run is then a prefix of the same
# mutation sequence on any machine, so CI never goes red on a lucky new find; long runs keep exploring at random.
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
target="${1:-all}"
seconds="${2:-60}"
configuration="${FUZZ_CONFIGURATION:-Release}"
out="$repo/artifacts/fuzz"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "[fuzz] $*" >&2; }
fail_setup() { log "$*"; echo "fuzz: 0 passed, 1 failed"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else log "need root to run: $*"; return 1
  fi
}

apt_updated=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq >&2 && apt_updated=1; fi
  log "apt-get install $*"
  as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

# clang with the libFuzzer runtime: any installed clang-N whose libclang_rt.fuzzer is present, else Debian's default.
find_clang() {
  local cc major
  for cc in clang $(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -rn | uniq); do
    command -v "$cc" >/dev/null 2>&1 || continue
    major="$("$cc" -dumpversion | cut -d. -f1)"
    if ls /usr/lib/llvm-"$major"/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
      || ls /usr/lib/llvm-"$major"/lib/clang/*/lib/x86_64-pc-linux-gnu/libclang_rt.fuzzer.a >/dev/null 2>&1; then
      echo "$cc"; return 0
    fi
  done
  return 1
}

cc="$(find_clang)" || {
  command -v clang >/dev/null 2>&1 || apt_install clang || fail_setup "cannot install clang"
  major="$(clang -dumpversion | cut -d. -f1)"
  apt_install "libclang-rt-$major-dev" || fail_setup "cannot install libclang-rt-$major-dev"
  cc="$(find_clang)" || fail_setup "no clang with the libFuzzer runtime"
}

mkdir -p "$out"
driver="$out/chatalot-fuzz-driver"
if [ ! -x "$driver" ] || [ fuzz/driver/chatalot-fuzz-driver.c -nt "$driver" ]; then
  log "building the driver with $cc"
  "$cc" -O1 -g -fsanitize=fuzzer -Wall -Wextra -Werror fuzz/driver/chatalot-fuzz-driver.c -o "$driver" || fail_setup "driver build failed"
fi

dotnet tool restore >&2 || fail_setup "dotnet tool restore failed"
log "building fuzz/Chatalot.Fuzz ($configuration)"
dotnet build fuzz/Chatalot.Fuzz -c "$configuration" -nologo -clp:NoSummary -v:q >&2 || fail_setup "build failed"

# Instrument copies: the build output stays as it is for the corpus replay tests.
bin="$out/bin"
rm -rf "$bin" && cp -r "fuzz/Chatalot.Fuzz/bin/$configuration/net10.0" "$bin"
for assembly in Chatalot.Protocol Chatalot.Crypto; do
  dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null || fail_setup "sharpfuzz could not instrument $assembly.dll"
done

mapfile -t targets < <(dotnet "$bin/Chatalot.Fuzz.dll" list)
[ "${#targets[@]}" -gt 0 ] || fail_setup "the fuzz program lists no targets"
: > "$out/results.txt"
passed=0; failed=0; found=0
for line in "${targets[@]}"; do
  IFS=$'\t' read -r name max_len _ <<< "$line"
  [ "$target" = all ] || [ "$target" = "$name" ] || continue
  found=1
  work="$out/corpus/$name"; crashes="$out/crashes/$name"
  mkdir -p "$work" "$crashes"
  log "$name: fuzzing for ${seconds}s"
  # The outer timeout only guards against a wedged driver; libFuzzer stops itself at -max_total_time.
  timeout --kill-after=10 $((seconds + 120)) "$driver" \
    -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -timeout="${FUZZ_TIMEOUT:-25}" -max_len="$max_len" -rss_limit_mb=4096 \
    -artifact_prefix="$crashes/" -print_final_stats=1 \
    "$work" "fuzz/corpus/$name" \
    --exec=dotnet --arg="$bin/Chatalot.Fuzz.dll" --arg=run --arg="$name" > "$out/$name.log" 2>&1
  rc=$?
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name.log" | grep -o '[0-9]*$')"
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1)); echo "$name pass" >> "$out/results.txt"
    log "$name: ok (${execs:-?} inputs)"
  else
    failed=$((failed + 1)); echo "$name fail" >> "$out/results.txt"
    log "$name: FAILED (exit $rc); input in $crashes/, log in $out/$name.log:"
    grep -E -A25 'Unhandled|Exception|==chatalot-fuzz==|ERROR: libFuzzer' "$out/$name.log" | head -60 >&2
  fi
done
[ "$found" -eq 1 ] || fail_setup "no target named '$target' (eng/fuzz.sh all, or one of: $(printf '%s\n' "${targets[@]}" | cut -f1 | tr '\n' ' '))"

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
