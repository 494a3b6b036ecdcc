#!/usr/bin/env bash
# Runs two builds of this tool interleaved (A B A B ...) with the same parameters and prints the pooled table with
# B/A ratios. Usage: compare.sh OLD_DLL NEW_DLL ROUNDS [tool options...]
# Example (old client at commit 2012121 checked out and built in /tmp/old-client, this tool copied in):
#   benchmarks/Chatalot.ClientLatency/compare.sh \
#     /tmp/old-client/benchmarks/Chatalot.ClientLatency/bin/Release/net10.0/Chatalot.ClientLatency.dll \
#     benchmarks/Chatalot.ClientLatency/bin/Release/net10.0/Chatalot.ClientLatency.dll 3 --channels 20 --steady 50 --pipelined 200
set -euo pipefail
old=$1 new=$2 rounds=$3
shift 3
out=$(mktemp -d /tmp/chatalot-client-latency-XXXXXX)
for ((i = 1; i <= rounds; i++)); do
  for label in old new; do
    dll=$old
    [[ $label == new ]] && dll=$new
    echo "round $i/$rounds: $label (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    dotnet "$dll" --label "$label" --out "$out/$label-$i.json" "$@" > /dev/null
  done
done
dotnet "$new" --baseline old --summarize "$out"/*.json
echo "raw samples: $out" >&2
