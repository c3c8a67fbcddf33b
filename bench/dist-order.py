#!/usr/bin/env python3
"""Function order for the linker, from callgrind profiles of renders.

    dist-order.py SYMBOLS CALLGRIND_OUT... > ORDER   (profiles made with --demangle=no;
                                                   ICP chart renders named *-icp.out)

Writes every function the profiled runs executed, one symbol name a line as in the
binary's symbol table: first those that most MI chart runs executed, then those that most
runs executed, then by the instructions spent in them. Names a profile could not tie to a
symbol (addresses) are left out.

Then the functions (of SYMBOLS, the binary's symbol names, one a line) that read values
files into the typed model and hand it to the templates, which the profiled files did not
happen to run: which of them a render runs depends on the sections a values file sets,
one function per type, and any of them left among the cold code would map 64 KiB of it.
And every variant of glibc's string functions."""
import collections
import re
import sys

VALUES_MODEL = re.compile(
    "|".join(
        [
            # derived (De)Serialize of our own types, and the whole values model module
            r"(Deserialize|Serialize)\$u20\$for\$u20\$michart\.\.",
            r"michart\.\.config\.\.",
            # the model's fields as template values, and map fields read one by one
            r"minijinja\.\.value\.\.serialize\.\.SerializeStruct\$u20\$as\$u20\$"
            r"serde_core\.\.ser\.\.SerializeStruct\$GT\$15serialize_field",
            r"^_ZN59_\$LT\$\$RF\$mut\$u20\$A\$u20\$as\$u20\$serde_core\.\.de\.\."
            r"MapAccess\$GT\$10next_value",
        ]
    )
)

# glibc's string functions come in one variant per instruction set, picked at start-up by
# the CPU; valgrind's virtual CPU makes it pick others than most machines do, and valgrind
# runs its own strcmp, strlen, ... instead. All of them together are about 100 KiB.
GLIBC_VARIANT = re.compile(
    r"^__[a-z0-9]+?_l?_?(sse2|sse4_1|sse4_2|sse42|ssse3|avx|avx2|evex|evex512|avx512)(_|$)"
)

with open(sys.argv[1], encoding="utf-8") as symbols:
    SYMBOLS = sorted({line.strip() for line in symbols if line.strip()})

NAME = re.compile(r"^(c?fn)=\((\d+)\)(?: (.*))?$")
# callgrind marks the recursion depth of a function as name'2, name'3, ...
DEPTH = re.compile(r"'\d+$")

runs = collections.Counter()
mi_runs = collections.Counter()
cost = collections.Counter()
first = {}
for path in sys.argv[2:]:
    names = {}
    seen = set()
    current = None
    after_calls = False
    with open(path, encoding="utf-8", errors="replace") as profile:
        for line in profile:
            match = NAME.match(line.rstrip("\n"))
            if match:
                kind, ident, name = match.groups()
                if name is not None:
                    names[ident] = DEPTH.sub("", name)
                name = names[ident]
                seen.add(name)
                first.setdefault(name, len(first))
                if kind == "fn":
                    current = name
                continue
            if line.startswith("calls="):
                after_calls = True
                continue
            if current and line[:1].isdigit():
                if after_calls:
                    # The cost line of a call is the callee's inclusive cost.
                    after_calls = False
                    continue
                fields = line.split()
                if len(fields) >= 2:
                    cost[current] += int(fields[1])
    runs.update(seen)
    if not path.endswith("-icp.out"):
        mi_runs.update(seen)

profiled = set()
# Functions the MI chart's renders run come first, those only ICP renders run after them:
# by the number of runs alone, code that only a few MI files run would be interleaved with
# ICP code, and a full MI render would map both.
for name in sorted(runs, key=lambda n: (-mi_runs[n], -runs[n], -cost[n], first[n])):
    if name.startswith("0x") or name.startswith("("):
        continue
    profiled.add(name)
    print(name)
for name in SYMBOLS:
    if name not in profiled and (VALUES_MODEL.search(name) or GLIBC_VARIANT.match(name)):
        print(name)
