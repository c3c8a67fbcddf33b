#!/usr/bin/env bash
# Builds the binary as released: `cargo build-static`, then the same objects linked again
# with the functions a render executes laid out together at the start of .text.
#
#   bench/build-dist.sh [RUSTC_ARGS...]      (run from the repository root)
#
# Why: peak memory of a render is mostly the binary's own code pages. The kernel maps a
# file-backed page together with its neighbours (fault-around, 64 KiB), and the code one
# render runs is spread over the whole 7 MiB of .text, so nearly all of it ends up mapped.
# Packed together, peak memory of a render drops by about 2.3 MiB (8.2 -> 5.5-5.9 MiB).
#
# How: callgrind runs the unordered binary over examples/*.yaml and tests/cases/*.yaml
# (template only; icp-* files with the icp chart; tests/cases/full.yaml sets nearly every
# values section, so that the code of each is profiled), bench/dist-order.py turns the
# profiles into a list of symbols, and rust-lld links the objects bench/dist-link.sh kept
# from the build again with `--symbol-ordering-file`. The list is made afresh from the
# binary being built each time, so it always names that build's symbols (hashes differ
# between toolchains and sources); nothing generated is committed. Code and data are the
# same as the unordered binary's, only the places of functions in .text differ; the script
# checks that both print the same for every profiled file and a few other commands.
#
# Results, under TARGET/dist/ (TARGET is cargo's target directory):
#   michart            the ordered binary (what to release and what bench/ measures)
#   order/unordered    `cargo build-static`'s binary, for comparisons
#   order/order.txt    the function order, order/profiles/ the callgrind outputs
# `cargo build-static` alone builds the same code unordered (and puts that back at
# TARGET/dist/michart); this script adds about 30 s of profiling and a 1 s link to it.
#
# Needs valgrind (Debian: apt-get install valgrind) and python3.
set -euo pipefail

for tool in valgrind python3 nm cmp; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f bench/dist-link.sh ] || { echo "run from the repository root" >&2; exit 2; }

target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
dist=$target/dist
relink=$dist/relink
work=$dist/order

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

inputs=(examples/*.yaml tests/cases/*.yaml)
chart_of() {
    case "$(basename "$1")" in
    icp-*) echo icp ;;
    *) echo mi ;;
    esac
}
echo "build-dist: profiling ${#inputs[@]} renders with callgrind" >&2
n=0
for f in "${inputs[@]}"; do
    n=$((n + 1))
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/profiles/$n-$(chart_of "$f").out" \
        "$unordered" template prof "$(chart_of "$f")" -n prof -f "$f" >/dev/null 2>"$work/profiles/$n.log" ||
        { echo "build-dist: profiling failed on $f, see $work/profiles/$n.log" >&2; exit 1; }
done
nm --defined-only "$unordered" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$work/symbols"
python3 bench/dist-order.py "$work/symbols" "$work"/profiles/*.out >"$work/order.txt"

total=$(wc -l <"$work/order.txt")
found=$(sort -u "$work/order.txt" | comm -12 - "$work/symbols" | wc -l)
echo "build-dist: $found of $total functions to order are symbols of the binary" >&2
[ "$found" -gt $((total * 9 / 10)) ] || { echo "build-dist: too few; the profiles do not match" >&2; exit 1; }

bench/dist-link.sh --relink "$relink" "$work/ordered" \
    "-Wl,--symbol-ordering-file=$work/order.txt" -Wl,--no-warn-symbol-ordering

# Same code, so the same output, byte for byte, on stdout and stderr, and the same status.
same() {
    local sa sb
    "$unordered" "$@" >"$work/a.out" 2>"$work/a.err" && sa=0 || sa=$?
    "$work/ordered" "$@" >"$work/b.out" 2>"$work/b.err" && sb=0 || sb=$?
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
cp "$work/ordered" "$dist/michart.tmp"
mv -f "$dist/michart.tmp" "$dist/michart"
echo "build-dist: $dist/michart (ordered; unordered: $unordered)" >&2
