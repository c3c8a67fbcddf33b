#!/usr/bin/env bash
# The linker of the binary as released (`cargo build-static` passes `-C linker=` this file).
#
# It links with `cc` exactly as rustc would have, so the binary is byte for byte the one
# rustc links by itself, and keeps a copy of the link next to the output (DIR/../relink/):
# the command line, and the object file rustc deletes once linked. bench/build-dist.sh
# then links those same objects again with a function order (`--relink`), in a second
# instead of another whole-program build, and with every symbol named as in the binary it
# profiled.
#
#   dist-link.sh --relink RELINK_DIR OUT [LINKER_ARGS...]
set -euo pipefail

cc=${CC:-cc}

if [ "${1:-}" = --relink ]; then
    dir=$2
    out=$3
    shift 3
    args=()
    while IFS= read -r -d '' a; do args+=("$a"); done <"$dir/args"
    exec "$cc" "${args[@]}" -o "$out" "$@"
fi

out=
prev=
for a in "$@"; do
    [ "$prev" = -o ] && out=$a
    prev=$a
done
if [ -z "$out" ]; then
    exec "$cc" "$@"
fi

save=$(dirname "$out")/../relink
rm -rf "$save"
mkdir -p "$save/objects"
: >"$save/args"
n=0
skip=0
for a in "$@"; do
    if [ $skip = 1 ]; then
        skip=0
        continue
    fi
    case $a in
    @*)
        # rustc only uses a response file when the command line is too long for the OS;
        # the saved copy would point at its temporary objects.
        echo "dist-link.sh: response files are not supported: $a" >&2
        exit 1
        ;;
    -o)
        skip=1
        continue
        ;;
    esac
    # rustc deletes its own objects (in deps/ or a temporary folder) after the link;
    # libraries and the toolchain's files stay where they are.
    if [ -f "$a" ] && [[ $a == *.o ]]; then
        n=$((n + 1))
        copy=$(realpath "$save")/objects/$n-$(basename "$a")
        cp "$a" "$copy"
        a=$copy
    fi
    printf '%s\0' "$a" >>"$save/args"
done
exec "$cc" "$@"
