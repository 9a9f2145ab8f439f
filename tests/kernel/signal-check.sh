#!/bin/bash
# ^C and kill (issue 15): boots as `make run` does and types, waiting for
# each answer before the next line, as a user would: ^C stops a
# foreground program (spinning in user mode, or blocked reading the
# console or a pipe), its status is 130 as bash's $? says, background
# jobs are not hit, ^C at a prompt drops the line, ^C ends `trace pipe`
# under a flood of records; kill signals a process from both shells, and
# a bad one gets an error; at a nosh boot ^C stops the first program
# `run` starts (pid 1, group 1). Each wait is
# bounded: a program ^C does not stop fails the check, never hangs it.
# Prints `signals: N passed, N failed`.
#   tests/kernel/signal-check.sh QEMU-COMMAND...
suite=signals
. tests/kernel/expect.sh
log=$(mktemp) fifo=$(mktemp -u)
mkfifo "$fifo"
"$@" < "$fifo" > "$log" 2>&1 &
qemu=$!
exec 3> "$fifo"
trap 'rm -f "$log" "$fifo"' EXIT

# Wait (at most 20 s) until the output has COUNT (default 1) lines
# matching REGEX.
wait_for() {
	for _ in $(seq 200); do
		[ "$(tr -d '\r' < "$log" | grep -c -- "$1")" -ge "${2:-1}" ] &&
			return 0
		sleep 0.1
	done
	fail=$((fail + 1))
	echo "$suite: no '$1' within 20 s"
	return 1
}
# Type a line (or keys: \003 is ^C) and give the guest a moment.
type() { printf "$1" >&3; sleep "${2:-0.5}"; }
# The pid a line `[PID] started` gave, the COUNT-th one.
started() { tr -d '\r' < "$log" | sed -n 's/^\[\([0-9]*\)\] started$/\1/p' |
	sed -n "${1}p"; }

wait_for '^user shell (pid 1)'
type 'spin 2000000000\r' 1
type '\003'
type 'echo spin=$?\r'
wait_for '^spin=' 
type 'cat\r' 1
type '\003'
type 'echo cat=$?\r'
wait_for '^cat='
type 'sleep 3000 7 &\r'
wait_for '^\[[0-9]*\] started' 1
type 'cat | spin 2000000000 | cat\r' 1
type '\003'
type 'echo pipe=$?\r'
wait_for '^pipe='
sleep 3
type 'echo dropped'
type '\003'
type 'echo kept\r'
wait_for '^kept'
type 'sleep 100000 &\r'
wait_for '^\[[0-9]*\] started' 2
type "kill $(started 2)\r" 1
type 'spin 2000000000 &\r'
wait_for '^\[[0-9]*\] started' 3
type "kill -KILL $(started 3)\r" 1
type 'kill 9999\r'
type 'echo kill=$?\r'
wait_for '^kill='
type 'sleep 100000 &\r'
wait_for '^\[[0-9]*\] started' 4
type 'exit\r'
wait_for '^ebreak> $' 1
type 'run spin 2000000000\r' 1
type '\003'
wait_for 'killed by signal 2'
# trace pipe streams a flood (every hart's timer tick) until ^C.
type 'kprobe p:tick sleep_tick\r'
type 'trace pipe\r' 2
type '\003'
type 'kprobe -:tick\r'
wait_for '^ebreak> kprobe -:tick'
type 'kprobe p:dropped kmalloc'
type '\003'
type 'kprobe\r'
type "kill $(started 4)\r" 1
type 'ps\r'
type 'kill -FOO 3\r'
type 'kill 9999\r'
type 'poweroff\r'
wait $qemu
out=$(tr -d '\r' < "$log")

expect '^spin=130$'
expect '^cat=130$'
expect '^pipe=130$'
# The background sleep outlived the ^Cs: it exits with its own code.
expect '^\[[0-9]*\] exit 7$'
expect_absent '^dropped$'
expect '^kept$'
expect "^\[$(started 2)\] killed by signal 15 (SIGTERM)$"
expect "^\[$(started 3)\] killed by signal 9 (SIGKILL)$"
expect '^kill: (9999): no such process$'
expect '^kill=1$'
expect '^spin 2000000000: killed by signal 2 (SIGINT), status 130$'
expect_absent 'p:kprobes/dropped'
ticks=$(printf '%s\n' "$out" | grep -c ': tick: (sleep_tick+0x0/')
if [ "$ticks" -ge 100 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: trace pipe showed $ticks tick records in 2 s, not >= 100"
fi
# After the kernel shell's kill, ps lists no sleep task.
expect '^ebreak> ps'
expect_absent '^ *[0-9]* [a-z]* *[0-9] *[0-9]*  sleep '
expect '^kill: usage: kill \[-SIGNAL\] PID'
expect '^kill: (9999): no such process$'
expect '^bye'

# At a nosh boot the first program `run` starts is pid 1, its group 1:
# ^C stops it (it was sent as kill(-1), every process but pid 1).
: > "$log"
"$@" -append nosh < "$fifo" > "$log" 2>&1 &
qemu=$!
exec 3> "$fifo"
wait_for '^type help'
type 'run spin 2000000000\r' 1
type '\003'
wait_for 'killed by signal 2'
type 'poweroff\r'
wait $qemu
out=$(tr -d '\r' < "$log")
expect '^spin 2000000000: killed by signal 2 (SIGINT), status 130$'
expect_report
