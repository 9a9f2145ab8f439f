#!/bin/bash
# eBPF objects built by clang and embedded in the image, driven from the
# kernel shell as a user would (issue 16): the kmalloc example loads,
# attaches to kmalloc next to a kprobe event on the same instruction,
# and its maps agree with that event's independent count (hits per hart
# summed, the size histogram's buckets summed) and are drawn as
# bpftrace's hist(); unload leaves nothing listed; an object whose
# section names a missing symbol is refused at load, one on a function
# ebreak never probes at attach. Prints `bpf-shell: N passed, N failed`.
#   tests/kernel/bpf_shell-check.sh QEMU-COMMAND...
session='bpf
bpf load kmalloc
bpf load nosuch
kprobe p:km kmalloc
kprobe disable km
bpf attach 1
kprobe enable km
bpf
run forkwait 20
kprobe disable km
bpf detach 1
kprobe profile
bpf dump calls
bpf dump sizes hist
bpf unload kmalloc
bpf
bpf load count
bpf load noprobe
bpf attach 2
bpf unload noprobe
bpf attach 9
poweroff
'
suite=bpf-shell
. tests/kernel/expect.sh
type_session "$@"
expect "^embedded: kmalloc ([0-9]* bytes)"
expect "^bpf: kmalloc loaded: programs 1..1$"
expect "^bpf: nosuch: no such object (see bpf)$"
expect "^   1  kmalloc      kmalloc_size     kprobe     kprobe/kmalloc           yes$"
expect "^kmalloc      sizes                2     4     8     64$"
# The event counted every kmalloc while the program was attached: the
# program's per-hart counts and its histogram add up to the same.
hits=$(printf '%s\n' "$out" | sed -n 's/^  km  *\([0-9]*\)  *0$/\1/p')
calls=$(printf '%s\n' "$out" | sed -n 's/^calls\[[0-9]*\]: \([0-9]*\)$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
buckets=$(printf '%s\n' "$out" | sed -n 's/^\[.*[])]  *\([0-9][0-9]*\) |.*|$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
if [ -n "$hits" ] && [ "$hits" -gt 20 ] && [ "$calls" = "$hits" ] &&
	[ "$buckets" = "$hits" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: kprobe event hits '$hits', map calls $calls, hist $buckets"
fi
expect "^@sizes:$"
expect "^\[[0-9]*[KM]*, [0-9]*[KM]*)  *[0-9]* |@*  *|$"
# After unload, nothing is listed.
after=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf unload kmalloc/,/^ebreak> bpf load count/p' |
	grep -c "kmalloc      ")
[ "$after" -eq 0 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: $after kmalloc rows after unload"; }
expect '^bpf: SEC("kprobe/do_work"): no such symbol$'
expect "^bpf: noprobe loaded: programs 2..2$"
expect "^bpf: attach 2: eb_trace_write: cannot attach (error -22)$"
expect "^bpf: no program 9 (see bpf)$"
expect "^bye"
expect_report
