#!/usr/bin/env python3
"""One BOLT profile from the profiles of several renders, for bench/build-dist.sh.

    dist-profile.py FDATA... > PROFILE      (ICP chart renders named *-icp.fdata)

Each file is what one run of the instrumented binary counted: a line per branch taken,
`FROM_IS_SYM FROM_FUNC FROM_OFF TO_IS_SYM TO_FUNC TO_OFF MISPREDICTS COUNT`. The sum is
the profile BOLT lays the binary out by.

MI renders weigh 64 times as much as ICP renders. BOLT keeps any code a profile ran out of
the cold part, and sorts the hot functions by how often they ran for their size; weighted
so, code that only ICP renders run goes after the code of MI renders, where it does not
take up the 64 KiB windows the kernel maps around every page an MI render touches.
"""
import collections
import sys

MI_WEIGHT = 64


def main(paths):
    if not paths:
        sys.exit(__doc__)
    counts = collections.defaultdict(lambda: [0, 0])
    for path in paths:
        weight = 1 if path.endswith("-icp.fdata") else MI_WEIGHT
        with open(path) as f:
            for n, line in enumerate(f, 1):
                fields = line.split()
                if len(fields) != 8:
                    sys.exit(f"{path}:{n}: not a BOLT branch line: {line.rstrip()}")
                c = counts[tuple(fields[:6])]
                c[0] += int(fields[6]) * weight
                c[1] += int(fields[7]) * weight
    out = sys.stdout
    for key in sorted(counts):
        mispredicts, taken = counts[key]
        out.write(f"{' '.join(key)} {mispredicts} {taken}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
