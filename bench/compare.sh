#!/usr/bin/env bash
# Times one `michart template` process against `helm template` of the upstream chart and
# against starting a trivial process, alternated in one hyperfine run, and compares peak
# memory. Nothing of the upstream chart is part of this repository: pass its folder.
#
#   bench/compare.sh HELM_BIN UPSTREAM_CHART_DIR [VALUES_FILE] [RUNS]
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time) and the binary as
# released (bench/build-dist.sh, which writes target/dist/michart; MICHART=path to time
# another build). Run from the repository root.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 HELM_BIN UPSTREAM_CHART_DIR [VALUES_FILE] [RUNS]" >&2
    exit 2
fi
helm=$1
chart=$2
values=${3:-$chart/values_full.yaml}
runs=${4:-200}
michart=${MICHART:-target/dist/michart}
for tool in hyperfine /usr/bin/time "$helm" "$michart"; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

release=dev-mi
namespace=mi-test
michart_cmd="$michart template $release -n $namespace -f $values"
helm_cmd="$helm template $release $chart -n $namespace -f $values"
true_cmd="/bin/true"

# How much of a binary a run maps depends on how its file sits in the page cache: read
# from disk, the kernel maps the pages around each one touched (64 KiB); just written, it
# may hold the file in large folios and map a whole folio at a time. Both binaries are
# first dropped from the page cache (their clean pages; no privileges needed), so that
# every figure but the last is of binaries read from disk, as after a reboot.
evict() {
    python3 - "$@" <<'PY'
import os, sys
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    os.fdatasync(fd)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
PY
}
evict "$(command -v "$michart")" "$(command -v "$helm")"

# Both must succeed on this file before their timings mean anything.
$michart_cmd >/dev/null 2>&1 || { echo "michart fails on $values" >&2; exit 1; }
$helm_cmd >/dev/null 2>&1 || { echo "helm fails on $values" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -m | awk '/^Mem:/ {print $2}') MiB"
echo "values:  $values"
echo

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# hyperfine times one command after the other; to alternate them, as the comparison needs
# (machine load drifts), it runs in rounds of a few runs of each, and the medians are
# taken over all rounds.
rounds=10
per=$(( (runs + rounds - 1) / rounds ))
for round in $(seq "$rounds"); do
    hyperfine -N --warmup 3 --runs "$per" --style none --export-json "$dir/$round.json" \
        -n michart "$michart_cmd" -n helm "$helm_cmd" -n true "$true_cmd" >/dev/null
done

python3 - "$dir" "$rounds" <<'PY'
import json, statistics, sys
times = {}
for i in range(1, int(sys.argv[2]) + 1):
    for r in json.load(open(f"{sys.argv[1]}/{i}.json"))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
med = {k: statistics.median(v) for k, v in times.items()}
m, h, t = med["michart"], med["helm"], med["true"]
n = len(times["michart"])
print(f"median wall over {n} alternated runs each:")
print(f"  michart {m*1e3:.2f} ms, helm {h*1e3:.2f} ms, /bin/true {t*1e3:.2f} ms")
print(f"  helm / michart      = {h/m:.1f}x   (target >= 30x)")
print(f"  michart / /bin/true = {m/t:.2f}x   (target <= 2x)")
PY

# Peak resident memory: the median of several runs of each, alternated.
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
median() { printf '%s\n' "$@" | sort -n | sed -n 4p; }
peaks() {
    local ms=() hs=() m h
    for _ in 1 2 3 4 5 6 7; do
        ms+=("$(peak "$1" template $release -n $namespace -f "$values")")
        hs+=("$(peak "$2" template $release "$chart" -n $namespace -f "$values")")
    done
    m=$(median "${ms[@]}")
    h=$(median "${hs[@]}")
    echo "peak RSS, $3 (median of 7): michart ${m} KiB, helm ${h} KiB"
    awk -v m="$m" -v h="$h" 'BEGIN { printf "  helm / michart peak RSS = %.1fx   (target >= 10x)\n", h / m }'
}
peaks "$michart" "$helm" "binaries read from disk"
# The same just after the binaries were written (fresh copies, as a build or an install
# leaves them).
cp "$(command -v "$michart")" "$dir/michart"
cp "$(command -v "$helm")" "$dir/helm"
peaks "$dir/michart" "$dir/helm" "binaries just written"
