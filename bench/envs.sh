#!/usr/bin/env bash
# Times one `michart snapshot --envs` invocation over N environments, for each N given:
# the values files of examples/ and tests/cases/ repeated under distinct names, rendered
# on every core and checked against snapshots written beforehand (`--update`).
#
#   bench/envs.sh [N ...]        (default: 10 100 1000)
#
# Needs hyperfine (Debian: apt-get install hyperfine) and the binary as released
# (bench/build-dist.sh; MICHART=path to time another build). Run from the repository root.
set -euo pipefail

michart=${MICHART:-target/dist/michart}
command -v hyperfine >/dev/null || { echo "missing: hyperfine" >&2; exit 2; }
[ -x "$michart" ] || { echo "missing: $michart (bench/build-dist.sh)" >&2; exit 2; }
[ $# -gt 0 ] || set -- 10 100 1000

sources=()
for f in examples/*.yaml tests/cases/*.yaml; do
    case "$(basename "$f")" in icp-*) continue;; esac
    sources+=("$f")
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "machine: $(nproc) cores; ${#sources[@]} values files repeated"
for n in "$@"; do
    mkdir -p "$dir/$n/envs"
    for i in $(seq 1 "$n"); do
        cp "${sources[$((i % ${#sources[@]}))]}" "$dir/$n/envs/env$i.yaml"
    done
    "$michart" snapshot "$dir/$n/snap" --envs "$dir/$n/envs" --update >/dev/null 2>&1
    hyperfine -N --warmup 2 --runs 10 --style none --export-json "$dir/$n.json" \
        "$michart snapshot $dir/$n/snap --envs $dir/$n/envs" >/dev/null
    python3 - "$dir/$n.json" "$n" <<'PY'
import json, statistics, sys
times = json.load(open(sys.argv[1]))["results"][0]["times"]
n = int(sys.argv[2])
m = statistics.median(times)
print(f"{n:5d} environments: median {m*1e3:8.1f} ms wall over {len(times)} runs, "
      f"{m/n*1e3:.3f} ms each, {n/m:.0f} environments/s")
PY
done
