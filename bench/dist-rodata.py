#!/usr/bin/env python3
"""A linker script that puts the read-only data a render reads first, for build-dist.sh.

    dist-rodata.py MAP LACKEY_LOG... > SCRIPT

MAP is the linker's map of the unordered binary (-Map), each LACKEY_LOG what
`valgrind --tool=lackey --trace-mem=yes` logged of one render of it. Every input section
of .rodata that a logged load or modify fell in is listed, by file and section name, in
an output section placed before .rodata; the rest of .rodata follows as usual.

Why: one render reads 330 KiB of the 970 KiB of .rodata (template text, field names,
tables), spread over nearly all of it, and the kernel maps a file page with its 64 KiB
neighbourhood. The renders of build-dist.sh read 430 KiB of it together; packed first,
a render maps about half the read-only pages it mapped before.
"""
import bisect
import re
import sys

SECTION = re.compile(
    r"\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+\s+(\S.*):\((\.rodata[^)]*)\)$"
)
ACCESS = re.compile(rb"^ [LM] ([0-9a-f]+),")


def sections(map_path):
    found = []
    with open(map_path) as f:
        for line in f:
            m = SECTION.match(line.rstrip("\n"))
            if m and int(m.group(2), 16) > 0:
                found.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3), m.group(4)))
    found.sort()
    return found


def pattern(file, name):
    # Quoted, a section name is not a glob: Rust's names have `$` and `.` in them.
    # Synthetic sections (merged strings and constants) have no file: take them whole.
    if file == "<internal>":
        return f'*("{name}")'
    m = re.match(r"(.*)\((.*)\)$", file)
    if m:  # an archive member, lib.a(member.o)
        return f'*{m.group(1).split("/")[-1]}:{m.group(2)}("{name}")'
    return f'*{file.split("/")[-1]}("{name}")'


def main(args):
    if len(args) < 2:
        sys.exit(__doc__)
    secs = sections(args[0])
    starts = [s[0] for s in secs]
    lo, hi = starts[0], secs[-1][0] + secs[-1][1]
    hit = set()
    for log in args[1:]:
        with open(log, "rb") as f:
            for line in f:
                m = ACCESS.match(line)
                if not m:
                    continue
                a = int(m.group(1), 16)
                if lo <= a < hi:
                    i = bisect.bisect_right(starts, a) - 1
                    if secs[i][0] <= a < secs[i][0] + secs[i][1]:
                        hit.add(i)
    lines = sorted({pattern(secs[i][2], secs[i][3]) for i in hit})
    out = sys.stdout
    out.write("SECTIONS {\n  .rodata.read : {\n")
    for p in lines:
        out.write(f"    {p}\n")
    out.write("  }\n} INSERT BEFORE .rodata;\n")
    print(f"dist-rodata: {len(hit)} of {len(secs)} sections, {sum(secs[i][1] for i in hit)} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
