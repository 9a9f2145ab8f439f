#!/usr/bin/env python3
"""Record a timeline of the reference kernel running a scripted workload.

Boots the kernel with the QEMU command given (4 harts, boot argument
nosh: the kernel shell's prompt first), types the session below into its
console, each line once the prompt before it has come, and writes what
the console printed to stdout (tools/timeline.py reads it). The
workload: a CPU hog (spin) and two sleepers in the background, a pipe
ping-pong between two processes (every syscall of which awaits three
futures deep: proc_poll > sys_read > pipe_read_poll), then a sleep long
enough for the background jobs to end. The hog's task is requeued at
every tick and taken by whichever hart is idle: it migrates. Async
probes on those three poll functions (`aprobe add`) put every call of
them in the record too (docs/timeline.md).

    tools/timeline_workload.py [--timeout S] QEMU-COMMAND... > capture.txt

Exits 1 (the capture so far on stdout) when a prompt does not come in
time or QEMU ends first.
"""
import argparse
import os
import select
import subprocess
import sys
import time

KERNEL = "ebreak> "
USER = "$ "

# (prompt to wait for, line to type)
SESSION = [
    (KERNEL, "aprobe add proc_poll"),
    (KERNEL, "aprobe add sys_read"),
    (KERNEL, "aprobe add pipe_read_poll"),
    (KERNEL, "timeline start"),
    (KERNEL, "sh"),
    (USER, "spin 50 &"),
    (USER, "sleep 30 &"),
    (USER, "sleep 60 &"),
    (USER, "pingpong 20"),
    (USER, "sleep 400"),
    (USER, "exit"),
    (KERNEL, "timeline stop"),
    (KERNEL, "aprobe -proc_poll"),
    (KERNEL, "aprobe -sys_read"),
    (KERNEL, "aprobe -pipe_read_poll"),
    (KERNEL, "timeline dump"),
    (KERNEL, "poweroff"),
]


class Console:
    """QEMU's console: what it printed so far, and typing into it."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = bytearray()
        self.seen = 0       # what wait_for has looked past

    def wait_for(self, text, deadline):
        """Read until text is printed after what was seen; False if the
        deadline passes or QEMU ends first."""
        want = text.encode()
        while True:
            at = self.out.find(want, self.seen)
            if at >= 0:
                self.seen = at + len(want)
                return True
            left = deadline - time.monotonic()
            if left <= 0 or not self.read(left):
                return False

    def read(self, timeout):
        """Take what QEMU printed within timeout; False at its end."""
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return True
        data = os.read(self.proc.stdout.fileno(), 65536)
        self.out += data
        return bool(data)

    def type(self, line):
        self.proc.stdin.write(line.encode() + b"\r")
        self.proc.stdin.flush()

    def finish(self, timeout):
        """Read until QEMU exits (or timeout), then make sure it has."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.read(deadline -
                                                        time.monotonic()):
            pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=50,
                    help="seconds for the whole session")
    ap.add_argument("qemu", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    con = Console(args.qemu)
    deadline = time.monotonic() + args.timeout
    ok = True
    for prompt, line in SESSION:
        if not con.wait_for(prompt, deadline):
            print(f"timeline_workload: no '{prompt.strip()}' prompt for "
                  f"'{line}' in time", file=sys.stderr)
            ok = False
            break
        con.type(line)
    con.finish(max(1.0, deadline - time.monotonic()) if ok else 1.0)
    sys.stdout.buffer.write(bytes(con.out).replace(b"\r", b""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
