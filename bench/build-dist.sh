#!/usr/bin/env bash
# Builds the binary as released: `cargo build-static`, then the same objects linked again
# with the functions a render executes laid out together, then BOLT's layout of the code
# inside those functions.
#
#   bench/build-dist.sh [RUSTC_ARGS...]      (run from the repository root)
#
# Why: peak memory of a render is mostly the binary's own pages. The kernel maps a
# file-backed page together with its neighbours (fault-around, 64 KiB), and the code one
# render runs is spread over the whole 7 MiB of .text, so nearly all of it ends up mapped.
# Ordering the functions packs most of it (peak memory of a render 8.2 -> 5.5 MiB); the
# rest is inside large functions (fat LTO inlines a render into a few of them), whose
# blocks that never run sit between the ones that do, and in .rodata, of which a render
# reads a third, from all over it. BOLT moves the blocks that did not run to a cold
# section, and the linker puts the data that was read first: reference case 02 (not one
# of the profiled files) 5216 -> 4308 KiB, examples/dev.yaml 4448 -> 3036 KiB.
#
# How, each step from the binary of the step before:
# 1. callgrind runs the unordered binary over examples/*.yaml and tests/cases/*.yaml
#    (`template`, as users run it; icp-* files with the icp chart; tests/cases/full.yaml
#    sets nearly every values section, so that the code of each is profiled), and
#    bench/dist-order.py turns the profiles into a list of functions. valgrind's lackey
#    logs what the same renders read of the read-only data, and bench/dist-rodata.py
#    turns that into a linker script that puts those sections first (a render reads about
#    a third of .rodata, spread over all of it). rust-lld links the objects
#    bench/dist-link.sh kept from the build again with both, and `--emit-relocs` (BOLT
#    needs the relocations to move code). Code BOLT cannot move (glibc's string functions,
#    start-up code) stays packed by this order.
# 2. BOLT instruments that binary, and the instrumented binary renders the same files;
#    bench/dist-profile.py sums the branch counts, MI renders weighted above ICP ones.
# 3. BOLT lays the binary of step 1 out by that profile: blocks that ran first, hottest
#    functions first, blocks that did not run in a cold section.
# With MICHART_PGO=1, a step 0 comes first: LLVM's profile-guided optimisation. An
# instrumented `cargo build-static` renders the same files, and the build is made again
# with their profile (`-Cprofile-use`) before step 1. It is off because it did not pay
# (docs/performance.md, round 10): one environment in process 4-9% faster, one process no
# faster, and the hot code it inlines makes a render map 1.3 MiB more (peak memory of case
# 02 4.1 -> 5.4 MiB). It needs llvm-profdata 19 or later (Debian: apt-get install llvm-19;
# LLVM_PROFDATA names another): LLVM 14's cannot read what rustc's instrumentation writes.
# The orders and the profile are made afresh from the binary being built each time, so
# they always name that build's symbols and sections (hashes differ between toolchains
# and sources); nothing generated is committed. The script checks that the result prints
# what the unordered binary prints, byte for byte, for every profiled file and a few other
# commands.
#
# Results, under TARGET/dist/ (TARGET is cargo's target directory):
#   michart            the released binary (what bench/ measures)
#   order/unordered    `cargo build-static`'s binary, for comparisons
#   order/ordered      step 1's binary (with relocations)
#   order/order.txt    the function order, order/profiles/ the callgrind outputs
#   order/rodata.ld    the linker script of the read-only data, order/rodata/ its traces
#   order/bolt/        the BOLT profiles and logs
#   pgo/               with MICHART_PGO=1, step 0's profile and the logs of its renders
# `cargo build-static` alone builds the same code unordered (and puts that back at
# TARGET/dist/michart); this script adds about four minutes to it (lackey's traces take
# most of them).
#
# Needs valgrind, python3 and BOLT 15 or later (Debian: apt-get install valgrind bolt-15;
# LLVM_BOLT=path to use another llvm-bolt).
set -euo pipefail

for tool in valgrind python3 nm cmp; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f bench/dist-link.sh ] || { echo "run from the repository root" >&2; exit 2; }
# Called through Debian's /usr/bin/llvm-bolt-15 link, BOLT looks for its instrumentation
# runtime in /usr/lib; called by its real path, it finds it in its own lib/.
bolt=${LLVM_BOLT:-$(command -v llvm-bolt || command -v llvm-bolt-15 || true)}
[ -n "$bolt" ] || { echo "missing: llvm-bolt (Debian: apt-get install bolt-15)" >&2; exit 2; }
bolt=$(readlink -f "$bolt")

target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
dist=$target/dist
relink=$dist/relink
work=$dist/order

inputs=(examples/*.yaml tests/cases/*.yaml)
chart_of() {
    case "$(basename "$1")" in
    icp-*) echo icp ;;
    *) echo mi ;;
    esac
}
# Sets `args` to a render of input $1 as users run it: the MI chart is the default, the
# ICP chart is named.
render_args() {
    args=(template prof)
    if [ "$(chart_of "$1")" = icp ]; then args+=(icp); fi
    args+=(-n prof -f "$1")
}
jobs=$(nproc)

# Step 0 (MICHART_PGO=1). The instrumented build's counters go to PGO/raw/ when a run
# exits; build scripts ran instrumented too, so what they wrote is dropped first. Every
# build after it (the one below, and the one the link check may redo) uses the profile.
if [ "${MICHART_PGO:-0}" = 1 ]; then
    profdata=${LLVM_PROFDATA:-$(ls -d /usr/lib/llvm-*/bin/llvm-profdata 2>/dev/null | sort -V | tail -n 1)}
    [ -n "$profdata" ] && "$profdata" merge --help >/dev/null 2>&1 ||
        { echo "missing: llvm-profdata (Debian: apt-get install llvm-19)" >&2; exit 2; }
    pgo=$dist/pgo
    rm -rf "$pgo"
    mkdir -p "$pgo"
    RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Cprofile-generate=$pgo/raw" cargo build-static "$@"
    rm -rf "$pgo/raw"
    echo "build-dist: profiling ${#inputs[@]} renders for the compiler" >&2
    n=0
    for f in "${inputs[@]}"; do
        n=$((n + 1))
        render_args "$f"
        "$dist/michart" "${args[@]}" >/dev/null 2>"$pgo/$n.log" ||
            { echo "build-dist: profiling failed on $f, see $pgo/$n.log" >&2; exit 1; }
    done
    "$profdata" merge -o "$pgo/michart.profdata" "$pgo"/raw/*.profraw
    export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Cprofile-use=$pgo/michart.profdata"
fi
cargo build-static "$@"

# The link kept by dist-link.sh must be the one of the binary cargo has just put at
# TARGET/dist/michart: relinked as it was, it gives the same bytes. (A build cargo found
# up to date did not link, and the last link may have been of other flags.)
relinked_same() {
    [ -f "$relink/args" ] || return 1
    bench/dist-link.sh --relink "$relink" "$work/check"
    cmp -s "$work/check" "$dist/michart"
}
rm -rf "$work"
mkdir -p "$work/profiles"
if ! relinked_same; then
    echo "build-dist: the kept link is not this build's; linking again" >&2
    touch src/main.rs
    cargo build-static "$@"
    relinked_same || { echo "build-dist: relinking does not reproduce the binary" >&2; exit 1; }
fi
unordered=$work/unordered
cp "$dist/michart" "$unordered"


echo "build-dist: profiling ${#inputs[@]} renders with callgrind" >&2
n=0
for f in "${inputs[@]}"; do
    n=$((n + 1))
    render_args "$f"
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profiles/$n-$(chart_of "$f").out" \
        "$unordered" "${args[@]}" >/dev/null 2>"$work/profiles/$n.log" ||
        { echo "build-dist: profiling failed on $f, see $work/profiles/$n.log" >&2; exit 1; }
done
nm --defined-only "$unordered" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$work/symbols"
python3 bench/dist-order.py "$work/symbols" "$work"/profiles/*.out >"$work/order.txt"

total=$(wc -l <"$work/order.txt")
found=$(sort -u "$work/order.txt" | comm -12 - "$work/symbols" | wc -l)
echo "build-dist: $found of $total functions to order are symbols of the binary" >&2
[ "$found" -gt $((total * 9 / 10)) ] || { echo "build-dist: too few; the profiles do not match" >&2; exit 1; }

# The read-only data the renders read, from every load valgrind's lackey logs. lackey logs
# every access (hundreds of MB a render); only loads and modifies of addresses from
# 0x200000 to 0x3fffff are kept, where a static non-PIE binary has its read-only data.
echo "build-dist: tracing what ${#inputs[@]} renders read of .rodata (lackey, $jobs at a time)" >&2
mkdir -p "$work/rodata"
bench/dist-link.sh --relink "$relink" "$work/rodata/mapped" "-Wl,-Map=$work/rodata/unordered.map"
cmp -s "$work/rodata/mapped" "$unordered" || { echo "build-dist: -Map changed the link" >&2; exit 1; }
n=0
for f in "${inputs[@]}"; do
    n=$((n + 1))
    render_args "$f"
    valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$unordered" "${args[@]}" 3>&1 >/dev/null 2>/dev/null |
        grep -E '^ [LM] 00[23][0-9a-f]{5},' >"$work/rodata/$n.log" &
    if [ $((n % jobs)) = 0 ]; then wait; fi
done
wait
for ((i = 1; i <= n; i++)); do
    [ -s "$work/rodata/$i.log" ] || { echo "build-dist: no loads traced for input $i" >&2; exit 1; }
done
python3 bench/dist-rodata.py "$work/rodata/unordered.map" "$work"/rodata/*.log >"$work/rodata.ld"

# The function order still matters under BOLT, for the code it leaves in place: without it,
# 128 KiB more of a render is mapped.
bench/dist-link.sh --relink "$relink" "$work/ordered" \
    "-Wl,--symbol-ordering-file=$work/order.txt" -Wl,--no-warn-symbol-ordering \
    "-Wl,-T,$work/rodata.ld" -Wl,--emit-relocs

# Step 2. The instrumented binary keeps its counters in memory; a process it forks at start
# writes them to a file named after its own pid once the run has exited (checking every
# second: a static binary has no exit hook for BOLT). That process holds the run's stdout,
# so the pipe into cat ends when the counters are written.
mkdir -p "$work/bolt"
"$bolt" "$work/ordered" -o "$work/bolt/instrumented" -instrument \
    -instrumentation-file="$work/bolt/run" -instrumentation-file-append-pid \
    -instrumentation-sleep-time=1 -instrumentation-no-counters-clear \
    >"$work/bolt/instrument.log" 2>&1 ||
    { echo "build-dist: BOLT could not instrument, see $work/bolt/instrument.log" >&2; exit 1; }
echo "build-dist: profiling ${#inputs[@]} renders with BOLT's instrumentation" >&2
n=0
for f in "${inputs[@]}"; do
    n=$((n + 1))
    rm -f "$work"/bolt/run.*.fdata
    render_args "$f"
    "$work/bolt/instrumented" "${args[@]}" 2>"$work/bolt/$n.log" | cat >/dev/null ||
        { echo "build-dist: profiling failed on $f, see $work/bolt/$n.log" >&2; exit 1; }
    written=("$work"/bolt/run.*.fdata)
    [ ${#written[@]} = 1 ] && [ -s "${written[0]}" ] ||
        { echo "build-dist: no profile written for $f" >&2; exit 1; }
    mv "${written[0]}" "$work/bolt/$n-$(chart_of "$f").fdata"
done
python3 bench/dist-profile.py "$work"/bolt/*.fdata >"$work/bolt/profile.fdata"

# Step 3. ext-tsp orders the blocks of a function by its profile, hfsort+ the functions;
# -split-all-cold moves every block that did not run to .text.cold (-split-eh: landing
# pads too); -icf folds functions with identical code.
"$bolt" "$work/ordered" -o "$work/bolted" -data="$work/bolt/profile.fdata" \
    -reorder-blocks=ext-tsp -reorder-functions=hfsort+ -split-functions -split-all-cold \
    -split-eh -icf=1 -use-gnu-stack >"$work/bolt/optimize.log" 2>&1 ||
    { echo "build-dist: BOLT failed, see $work/bolt/optimize.log" >&2; exit 1; }
grep -h 'splitting separates' "$work/bolt/optimize.log" | sed 's/^BOLT-INFO: /build-dist: /' >&2 || true

# The same program, so the same output, byte for byte, on stdout and stderr, and the same
# status.
same() {
    local sa sb
    "$unordered" "$@" >"$work/a.out" 2>"$work/a.err" && sa=0 || sa=$?
    "$work/bolted" "$@" >"$work/b.out" 2>"$work/b.err" && sb=0 || sb=$?
    cmp -s "$work/a.out" "$work/b.out" && cmp -s "$work/a.err" "$work/b.err" && [ $sa = $sb ] ||
        { echo "build-dist: outputs differ: michart $*" >&2; exit 1; }
}
for f in "${inputs[@]}"; do
    same template check "$(chart_of "$f")" -n check -f "$f"
done
same template check
same lint -f examples/prod-eks.yaml
same values
same schema
same docs

# A new file, so cargo's own output (hard-linked from deps/) keeps the unordered binary.
cp "$work/bolted" "$dist/michart.tmp"
mv -f "$dist/michart.tmp" "$dist/michart"
echo "build-dist: $dist/michart (laid out by BOLT; unordered: $unordered)" >&2
