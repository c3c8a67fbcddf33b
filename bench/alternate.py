#!/usr/bin/env python3
"""Times two commands run alternately, one process at a time, and prints the median wall
time of each, their mean user and system time, and the ratio. Alternating spreads the
drift of a shared machine over both, which timing one command's runs after the other's
(hyperfine's order) does not: two builds of michart differing by 2% in this way, or a
faster one seeming slower, was common here.

    bench/alternate.py RUNS COMMAND_A... -- COMMAND_B...

Commands are run as given (no shell), with stdout and stderr to /dev/null; the first word
must be a path. Example, round 6's binary against this build:

    bench/alternate.py 2000 /tmp/old/michart template dev-mi -n mi-test -f FILE -- \\
        target/dist/michart template dev-mi -n mi-test -f FILE
"""
import os
import statistics
import sys
import time


def main() -> int:
    if len(sys.argv) < 5 or "--" not in sys.argv[2:]:
        print("usage: bench/alternate.py RUNS COMMAND_A... -- COMMAND_B...", file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    rest = sys.argv[2:]
    split = rest.index("--")
    commands = [rest[:split], rest[split + 1 :]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    quiet = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    wall = [[], []]
    user = [0.0, 0.0]
    system = [0.0, 0.0]
    for i in range(runs):
        # A, B then B, A: neither always runs just after the other.
        for which in (0, 1) if i % 2 == 0 else (1, 0):
            start = time.perf_counter_ns()
            pid = os.posix_spawn(commands[which][0], commands[which], os.environ, file_actions=quiet)
            _, status, usage = os.wait4(pid, 0)
            wall[which].append((time.perf_counter_ns() - start) / 1e6)
            if os.waitstatus_to_exitcode(status) != 0:
                print(f"{' '.join(commands[which])} failed", file=sys.stderr)
                return 1
            user[which] += usage.ru_utime
            system[which] += usage.ru_stime
    for which, name in enumerate("AB"):
        print(
            f"{name}: median {statistics.median(wall[which]):.3f} ms, "
            f"user {user[which] / runs * 1000:.3f} ms, system {system[which] / runs * 1000:.3f} ms"
            f"  ({commands[which][0]})"
        )
    print(f"B / A = {statistics.median(wall[1]) / statistics.median(wall[0]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
