#!/bin/sh
# Boots the kernel once per suite below, each making a probe handler fault
# where it cannot be abandoned: while it holds a lock (abandoning it would
# leave the lock held), or, crash_unwind, below a frame the unwind tables
# do not describe (its frames cannot be unwound to the trampoline's); and,
# crash_async_walk and crash_async_lookup, an async probe cancel's walk
# and a probed poll's look-up faulting before any handler (no handler's
# fault: the kernel's). The kernel must stop with
# that reason, having counted nothing. Prints
# `crash-lock: N passed, N failed`.
#   tests/kernel/crash-lock-check.sh QEMU-COMMAND...
suite=crash-lock
all=""
for s in crash_kprobe_lock crash_kretprobe_lock crash_async_lock crash_unwind \
    crash_async_walk crash_async_lookup; do
	all="$all
--- test=$s
$("$@" -append "test=$s" </dev/null 2>&1 | tr -d '\r' |
	sed -n '/^ebreak reference kernel/,$p')"
done
out=$all
report_lines=200	# every boot's, after OpenSBI's banner
. tests/kernel/expect.sh
expect "ebreak: handler of the probe at 0x[0-9a-f]* faulted at 0x[0-9a-f]* holding a lock: cannot recover"
expect "ebreak: return handler of the kretprobe on 0x[0-9a-f]* faulted at 0x[0-9a-f]* holding a lock: cannot recover"
expect "ebreak: handler of the async probe on 0x[0-9a-f]* faulted at 0x[0-9a-f]* holding a lock: cannot recover"
expect "ebreak: return handler of the kretprobe on 0x[0-9a-f]* faulted at 0x[0-9a-f]*, in frames that cannot be unwound (code without unwind information): cannot recover"
expect_absent "counted as missed"
expect "panic on hart [0-9]*: kernel exception 13 at"
# The backtraces go from the handler through the hit path (a kprobe's at
# a function's entry, alone there: its direct trampoline, which returns
# from the handler through kprobe_direct_return; no frame pointer, but
# s0 kept), the trampoline or the async probes' frame to the probed
# code's callers, ktest_run among them.
expect "pre_lock_then_fault+0x"
expect "kprobe_direct_return+0x"
expect "ret_lock_then_fault+0x"
expect "kretprobe_trampoline_handler+0x"
expect "async_lock_then_fault+0x"
expect "eb_async_follow+0x"
expect "crash_fault_now+0x"
expect "cancel_chain+0x"
expect "poll_twice[.a-z0-9]*+0x"
[ "$(printf '%s\n' "$out" | grep -c 'ktest_run+0x')" = 6 ] && pass=$((pass + 1)) || {
	fail=$((fail + 1)); echo "$suite: a backtrace stops before ktest_run"; }
[ "$(printf '%s\n' "$out" | grep -c '^panic on hart')" = 6 ] && pass=$((pass + 1)) || {
	fail=$((fail + 1)); echo "$suite: expected six panics"; }
expect_absent "the handler's fault was recovered"
expect_absent "the walk's fault was recovered"
expect_absent "the look-up's fault was recovered"
expect_report
