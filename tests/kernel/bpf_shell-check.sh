#!/bin/bash
# eBPF objects built by clang and embedded in the image, driven from the
# kernel shell as a user would (issue 16): the kmalloc example loads,
# attaches to kmalloc next to a kprobe event on the same instruction,
# and its maps agree with that event's independent count (hits per hart
# summed, the size histogram's buckets summed) and are drawn as
# bpftrace's hist(); unload leaves nothing listed. The syscalls example
# counts syscount's getpid calls by pid on raw_syscalls/sys_enter; the
# latency example's kprobe and kretprobe fill a histogram with one entry
# per call a kprobe event counts and print each with bpf_printk; the
# kmalloc_stacks example's stacks add up to a kprobe event's count, and
# its stack trace map dumped shows the same stacks symbolized; the
# events example's ring buffer records stream until ^C; the calls
# example counts per function and hart as kprobe events do, and probes
# names it as its kprobes' owner; the allocs example's records, reserved
# in the ring and submitted or discarded, agree with a kprobe event's
# count; a map name two loaded objects share must be said as OBJECT:MAP;
# the asyncprobe example's suspends by await point agree with the
# aprobe command's events in the trace ring. An object whose
# section names a missing symbol is refused at load, one on a function
# ebreak never probes at attach, and SYMBOL+OFF whose OFF is not decimal
# or 0x hex (0x4 was read as +0, 4x as +4), and an asyncprobe program's
# symbol with any +OFF (it was ignored: a second probe, events counted
# twice). The perfbuf example's perf event array records stream with
# their harts until ^C, and a full buffer's lost ones are said, all
# calls accounted for. libbpf's SEC("kprobe") and SEC("tp/...") load and count as
# kprobe events and syscalls do. The listing says each program is
# JIT-compiled, and interpreted when loaded after `bpf jit off`. The
# split object's three programs, chained by tail calls with per-hart
# scratch, read echo's text with bpf_probe_read_user and _str and agree
# with a kprobe event's records; the dispatch object's, tail-called by
# syscall number, with the tracepoint's own records. The
# kmalloc_fentry example's fentry and fexit programs attach by ID, are
# listed and own their probes, and count kmalloc's calls and bytes as a
# kprobe event does; a SYMBOL for them is refused. The raw_tp object's
# raw_tp and tp_btf programs attach by ID, are listed, and see the same
# spawns; a raw tracepoint the kernel lacks is refused at load. `bpf attach ID SYMBOL
# cookie=N` gives the link the cookie the helpers example's
# bpf_get_attach_cookie reads, listed beside the link; a bad N refused.
# The keyed_stacks object's struct keys (a pid and a stack id, as
# offcputime's) show each pid with its stack, the stacks its stack trace
# map's plain dump shows; keys with no stack id, or two, are refused.
# The funccount example's kprobe.multi program counts per function what
# a kprobe event on each counts; kprobe.multi's refusals say why.
# The profile example samples every hart's timer (bpf attach ID
# freq=N): bad frequencies refused, a second event refused naming the
# first, user-mode samples without a kernel
# stack, its counts adding up to its runs, idle harts in their loop.
# The fail_fork example's bpf_override_return makes proc_fork fail for
# forkwait alone: its fork gets -ENOMEM and it exits 1, echo still
# forks, the program counts the forks failed; detached, forkwait runs
# clean; at an offset or on an unmarked function it is refused, saying
# why.
# Prints `bpf-shell: N passed, N failed`.
#   tests/kernel/bpf_shell-check.sh QEMU-COMMAND...
session='bpf
bpf load kmalloc
bpf load nosuch
kprobe p:km kmalloc
kprobe disable km
bpf stats on
bpf attach 1
kprobe enable km
bpf
run forkwait 20
kprobe disable km
bpf detach 1
kprobe profile
bpf
bpf stats off
bpf dump calls
bpf dump sizes hist
bpf unload kmalloc
bpf
bpf load syscalls
bpf load latency
bpf update syscalls:.rodata 0 1
bpf attach 2
bpf attach 3
bpf attach 4
kprobe p:cfu copy_from_user
trace clear
run syscount 5
run echo hello
bpf detach 2
bpf detach 3
bpf detach 4
kprobe profile
bpf dump by_pid
bpf dump ns hist
trace show
bpf unload syscalls
bpf unload latency
bpf load kmalloc_stacks
kprobe p:km2 kmalloc
kprobe disable km2
bpf attach 5
kprobe enable km2
run forkwait 3
kprobe disable km2
bpf detach 5
kprobe profile
bpf dump callers stacks stacks
bpf dump callers stacks callers
bpf dump stacks
bpf dump .bss
bpf unload kmalloc_stacks
bpf load events
bpf attach 6
run syscount 3
bpf ringbuf events
#wait ^ebreak> bpf ringbuf events$
'$'\003''bpf detach 6
bpf unload events
bpf load calls
kprobe p:ka kmalloc
kprobe disable ka
bpf attach 7 kfree
bpf attach 7
bpf
probes
kprobe enable ka
run forkwait 5
kprobe disable ka
bpf detach 7
probes
kprobe profile
bpf dump calls syms
bpf update calls 0 1
bpf unload calls
bpf load calls
bpf attach 8 kmalloc
bpf attach 8
bpf attach 8
bpf attach 8 kmalloc+0x0
bpf attach 8 kmalloc+0x4
bpf attach 8 kmalloc+4
bpf attach 8 kmalloc+0x4zz
bpf attach 8 kmalloc+0x
bpf attach 8 kfree+4x
bpf attach 8 duration
bpf attach 8 0x1
bpf attach 8 012
bpf detach 99
bpf dump callers
bpf unload calls
bpf load syscalls
bpf attach 9 kmalloc
bpf unload syscalls
bpf load count
bpf load noprobe
bpf attach 10
bpf unload noprobe
bpf attach 9
bpf load allocs
kprobe p:kb kmalloc
kprobe disable kb
bpf attach 11
kprobe enable kb
run forkwait 20
kprobe disable kb
bpf detach 11
kprobe profile
bpf dump small
bpf ringbuf big
#wait ^ebreak> bpf ringbuf big$
'$'\003''bpf unload allocs
bpf load kmalloc
bpf load calls
bpf dump calls
bpf dump calls:calls
bpf unload kmalloc
bpf unload calls
bpf load asyncprobe
bpf attach 14 proc_poll+4
bpf attach 14
aprobe add proc_poll
aprobe add proc_poll
aprobe add printf
aprobe -
aprobe - proc_poll
aprobe
bpf
trace clear
run pingpong 5
aprobe -proc_poll
aprobe -proc_poll
bpf detach 14
bpf dump suspends
trace show
bpf unload asyncprobe
bpf jit
bpf jit off
bpf load kmalloc
bpf
bpf unload kmalloc
bpf jit on
bpf load anyfunc
bpf attach 16
bpf attach 17
kprobe p:kc kmalloc
kprobe disable kc
bpf attach 16 kmalloc
kprobe enable kc
run syscount 4
kprobe disable kc
bpf detach 16
bpf detach 17
kprobe profile
bpf dump .bss
bpf unload anyfunc
bpf load tailcall
bpf
bpf dump jmp
kprobe p:kt kmalloc
kprobe disable kt
bpf attach 22 kmalloc
bpf attach 21 kmalloc
kprobe enable kt
run syscount 4
kprobe disable kt
bpf detach 22
bpf detach 21
kprobe profile
bpf dump runs
bpf unload tailcall
bpf load split
trace clear
kprobe p:ku copy_from_user len=%a2:u64 s=+u0(%a1):ustring
bpf attach 25
bpf
run echo hello
bpf detach 25
kprobe profile
bpf dump totals
bpf dump lens
trace show
bpf unload split
bpf load dispatch
trace clear
trace on raw_syscalls/sys_enter
bpf attach 28
run syscount 3
run echo hello
bpf detach 28
trace off raw_syscalls/sys_enter
bpf dump stats
bpf dump handlers
trace show
bpf load mapofmaps
bpf
bpf dump outer
bpf dump by_key
kprobe p:kn kmalloc
kprobe disable kn
bpf attach 29 kmalloc
kprobe enable kn
run syscount 3
bpf update outer 0 spare
run syscount 3
kprobe disable kn
bpf detach 29
kprobe profile
bpf dump inner_a
bpf dump spare
bpf dump inner_b
bpf dump inner_c
bpf dump outer
bpf update outer 0 wrong_key
bpf update outer 2 spare
bpf update outer 0x1g spare
bpf update outer 0 nosuch
bpf update outer 4294967296 spare
bpf update outer 0
bpf update outer 0 spare extra
bpf dump outer hist
bpf update by_key 1 mapofmaps:inner_b
bpf dump by_key
bpf delete by_key 1
bpf delete by_key 1
bpf delete outer 1
bpf delete outer 1
bpf delete outer 2
bpf dump outer
bpf update which 0 0x100000000
bpf update which 5 1
bpf update which 1 7
bpf delete which 0
bpf dump which
bpf update inner_b 7 -1
bpf update inner_b 0x7 42
bpf dump inner_b
bpf update inner_b 8 0xFFFFFFFFFFFFFFFF
bpf update inner_b 9 18446744073709551615
bpf update inner_b 10 00018446744073709551615
bpf update inner_b 11 18446744073709551616
bpf update inner_b 12 0x00010000000000000000
bpf dump inner_b
bpf update handlers 1 27
bpf update handlers 512 27
bpf update handlers 1 99
bpf update handlers 2 29
bpf dump handlers
bpf delete handlers 1
bpf delete handlers 1
bpf dump handlers
bpf update outer 1 39
bpf update outer 1 999
bpf dump outer
bpf unload mapofmaps
bpf unload dispatch
bpf load perfbuf
bpf attach 30
run syscount 3
bpf ringbuf pb
bpf perf nosuch
bpf perf pb
#wait ^ebreak> bpf perf pb$
'$'\003''run syscount 2100
bpf perf pb
#wait records lost (its buffer was full)$
'$'\003''bpf detach 30
bpf unload perfbuf
bpf load kmalloc_fentry
kprobe p:kf kmalloc size=%a0:u64
kprobe disable kf
bpf attach 31 kmalloc
bpf attach 32
bpf attach 32
trace clear
bpf attach 31
kprobe enable kf
bpf
probes
run forkwait 3
kprobe disable kf
bpf
probes
bpf detach 31
bpf detach 32
kprobe profile
bpf dump .bss
trace show
bpf unload kmalloc_fentry
bpf load helpers
bpf attach 36 kmalloc cookie=0x
bpf attach 36 kmalloc cookie=18446744073709551616
bpf attach 36 kmalloc cookie=5 extra
bpf attach 36 kmalloc cookie=5 cookie=6
bpf attach 36 kmalloc cookie=0xfedcba9876543210
bpf
run forkwait 1
bpf detach 36
bpf dump .bss
bpf unload helpers
bpf load globals nosuch=1
bpf load globals verbose=300
bpf load globals last_size=1
bpf load globals min_size=0x1g
bpf load globals min_size
bpf load globals min_size=-1
bpf load globals size_bias=-2147483649
bpf load globals size_bias=2147483648
bpf load globals targ_comm=0123456789abcdef
bpf load globals fentry_args=1
bpf load globals min_size=64 verbose=1 size_bias=-1000 targ_comm=forkwait
bpf dump .rodata
kprobe p:kg kmalloc size=%a0:u64
kprobe disable kg
bpf attach 37
trace clear
kprobe enable kg
run forkwait 2
kprobe disable kg
bpf detach 37
kprobe profile
bpf dump .bss
bpf dump .data
trace show
bpf unload globals
bpf load slots filter_cg=1
bpf attach 39
bpf attach 38
trace clear
kprobe enable kg
run syscount 4
kprobe disable kg
bpf detach 38
bpf detach 39
kprobe profile
bpf dump hists
bpf dump hists hist
bpf dump getpids
trace show
bpf unload slots
bpf load raw_tp
bpf attach 40
bpf attach 41 task_spawn
bpf attach 41
run forkwait 2
bpf
bpf detach 40
bpf detach 41
bpf dump .bss
bpf unload raw_tp
bpf load bad_raw_tp
bpf load keyed_stacks
bpf attach 42
run forkwait 2
bpf detach 42
bpf dump by_task stacks stacks
bpf dump stacks
bpf dump two stacks stacks
bpf dump none stacks stacks
bpf unload keyed_stacks
bpf load funccount
kprobe p:mfa kmalloc
kprobe disable mfa
kprobe p:mfz kzalloc
kprobe disable mfz
bpf attach 43
kprobe enable mfa
kprobe enable mfz
bpf
probes
kprobe profile
bpf dump counts syms
run forkwait 3
kprobe profile
bpf dump counts syms
kprobe disable mfa
kprobe disable mfz
bpf detach 43
bpf unload funccount
bpf load multi
bpf attach 46
bpf attach 46 nosuch_*
bpf attach 46 eb_bpf_attach
bpf attach 46 kf[r]ee
bpf attach 46 *******************************************************************************************************************************zzz
bpf attach 46 kfree cookie=7
bpf
bpf detach 46
bpf unload multi
bpf load profile
bpf attach 47 kmalloc
bpf attach 47 freq=0
bpf attach 47 freq=200000
bpf attach 47 period=9999
bpf attach 47 freq=1000
bpf attach 47 freq=50
bpf
run spin 5
bpf detach 47
bpf dump counts stacks stackmap
bpf unload profile
bpf load profile include_idle=1
bpf stats on
bpf attach 48 period=1000000
bpf
run spin 5
bpf detach 48
bpf
bpf stats off
bpf dump counts stacks stackmap
bpf unload profile
bpf load fail_fork
bpf attach 49 proc_fork+4
bpf attach 49 pipe_alloc
bpf attach 49
run forkwait 3
run echo forked
bpf dump .bss
bpf detach 49
run forkwait 3
bpf unload fail_fork
poweroff
'
# The stacks `bpf dump MAP stacks STACKMAP` printed in $2 (MAP $1's),
# one a line, each frame followed by ';', sorted, once each.
stacks_view() {
	printf '%s\n' "$2" | sed -n "/^@$1\\[/,/^\\]: [0-9]*\$/p" |
		awk '/^@/ { s = ""; next } /^\]: / { print s; next }
		     { s = s $0 ";" }' | sort -u
}
# The stacks a plain `bpf dump` of stack trace map stacks printed in $1,
# as stacks_view.
stack_map() {
	printf '%s\n' "$1" | sed -n '/^stacks\[[0-9]*\]:$/,/^ebreak>/p' |
		awk '/^stacks\[[0-9]*\]:$/ { if (n++) print s; s = ""; next }
		     /^    / { s = s $0 ";"; next } { if (n) print s; n = 0 }' |
		sort -u
}
# Passes if MAP $1's stacks view and the plain dump of the stack trace
# map in $2 show the same stacks, and some.
same_stacks() {
	if [ -n "$(stacks_view "$1" "$2")" ] &&
	   [ "$(stacks_view "$1" "$2")" = "$(stack_map "$2")" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: $1's stacks view: $(stacks_view "$1" "$2" | wc -l) stacks, bpf dump stacks: $(stack_map "$2" | wc -l)"
	fi
}
suite=bpf-shell
. tests/kernel/expect.sh
type_session "$@"
expect "^embedded: .* kmalloc ([0-9]* bytes)"
expect "^bpf: kmalloc loaded: programs 1..1$"
expect "^bpf: nosuch: no such object (see bpf)$"
expect "^   1  kmalloc          kmalloc_size     kprobe          kprobe/kmalloc           yes      jited  *0  *0$"
# Every embedded object's programs are JIT-compiled: none listed interp
# until `bpf jit off` (Linux's bpf_jit_enable), after which the next
# load's program is, and `bpf jit on` compiles again.
if printf '%s\n' "${out%%bpf jit off*}" | grep -q "^ *[0-9][0-9]*  .* interp  "; then
	fail=$((fail + 1))
	echo "$suite: a program listed interp before bpf jit off"
else
	pass=$((pass + 1))
fi
expect "^bpf: JIT on: programs loaded now are compiled$"
expect "^bpf: JIT off: programs loaded now are interpreted$"
expect "^ *15  kmalloc  *kmalloc_size  *kprobe  *kprobe/kmalloc  *no  *interp  *0  *0$"
expect "^ *[0-9]*  kmalloc          sizes            array               4     8     64$"
# The event counted every kmalloc while the program was attached: the
# program's per-hart counts and its histogram add up to the same.
hits=$(printf '%s\n' "$out" | sed -n 's/^  km  *\([0-9]*\)  *0$/\1/p' | head -1)
calls=$(printf '%s\n' "$out" | sed -n 's/^calls\[[0-9]*\]: \([0-9]*\)$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
buckets=$(printf '%s\n' "$out" | sed -n '/^@sizes:$/,/^ebreak>/p' |
	sed -n 's/^\[.*[])]  *\([0-9][0-9]*\) |.*|$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
if [ -n "$hits" ] && [ "$hits" -gt 20 ] && [ "$calls" = "$hits" ] &&
	[ "$buckets" = "$hits" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: kprobe event hits '$hits', map calls $calls, hist $buckets"
fi
# With stats on, the listing counts the program's runs: one a call.
expect "^   1  kmalloc          kmalloc_size     kprobe          kprobe/kmalloc           no       jited  *$hits  *[1-9][0-9]*$"
expect "^calls: __u32 -> __u64$"	# the map's BTF key and value types
expect "^@sizes:$"
expect "^\[[0-9]*[KM]*, [0-9]*[KM]*)  *[0-9]* |@*  *|$"
# After unload, nothing is listed.
after=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf unload kmalloc$/,/^ebreak> bpf load syscalls$/{p;/^ebreak> bpf load syscalls$/q;}' |
	grep -c "kmalloc          ")
[ "$after" -eq 0 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: $after kmalloc rows after unload"; }
# The syscall counter on raw_syscalls/sys_enter: syscount 5's five
# getpid calls under its pid; the latency histogram (a kprobe and a
# kretprobe keyed by task) has one entry per call the kprobe event
# counted; bpf_printk's lines sit in the trace ring with the event's.
expect "^bpf: latency loaded: programs 3..4$"
pid=$(printf '%s\n' "$out" | sed -n 's/^ *syscount-\([0-9]*\) .*bpf_trace_printk: .*/\1/p' | head -1)
expect "^by_pid\[$pid\]: 5$"
cfu=$(printf '%s\n' "$out" | sed -n 's/^  cfu  *\([0-9]*\)  *0$/\1/p' | head -1)
ns=$(printf '%s\n' "$out" | sed -n '/^@ns:$/,/^ebreak>/p' |
	sed -n 's/^\[.*[])]  *\([0-9][0-9]*\) |.*|$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
printk=$(printf '%s\n' "$out" | grep -c ': bpf_trace_printk: copy_from_user len=[0-9]*$')
if [ -n "$cfu" ] && [ "$cfu" -ge 3 ] && [ "$ns" = "$cfu" ] && [ "$printk" = "$cfu" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: copy_from_user: event $cfu, histogram $ns, printk lines $printk"
fi
expect "^ *echo-[0-9]*  *\[00[0-9]\]  *[0-9.]*: bpf_trace_printk: copy_from_user len=5$"
# Who calls kmalloc: stacks by id (bpf_get_stackid, a stack trace map)
# printed as bpftrace's @[kstack]; their counts add up to the kprobe
# event's hits, and forkwait's forks are among them.
km2=$(printf '%s\n' "$out" | sed -n 's/^  km2  *\([0-9]*\)  *0$/\1/p' | head -1)
stacks=$(printf '%s\n' "$out" | sed -n '/^@callers\[$/,/^\]: /s/^\]: \([0-9]*\)$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
# (plus the calls whose stack's id another stack held, which the
# example counts in its .bss, shown as its BTF declares it)
lost=$(printf '%s\n' "$out" | sed -n 's/^\.bss\[0\]: { \.lost = \([0-9]*\) }$/\1/p')
if [ -n "$km2" ] && [ "$km2" -gt 3 ] && [ -n "$lost" ] &&
   [ $((stacks + lost)) = "$km2" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: kmalloc stacks counted $stacks (lost '$lost'), the kprobe event $km2"
fi
expect "^@callers\[$"
expect "^    kmalloc+0$"
expect "^    proc_fork+[0-9]*$"
# bpf lists the probes a program owns.
expect "^      on kprobe kfree missed=0$"
expect "^      on kprobe kmalloc missed=0$"
expect "^bpf: callers is not a stack trace map (it is a hash map)$"
# A plain dump of the stack trace map prints each id, then its frames
# one a line: the same stacks, frame for frame, as the stacks view of
# callers (whose keys are the ids the program kept).
first=$(printf '%s\n' "$out" | sed '/^ebreak> bpf load keyed_stacks$/q')
same_stacks callers "$first"
expect "^stacks\[[0-9]*\]:$"
# probes names the owner of each of the calls program's kprobes (and of
# none once it is detached): two lines in all, on the same instructions
# as the kprobe event ka.
expect "^[0-9a-f]\{16\}  k  kfree+0x0 \[FTRACE\] .* owner=bpf:7:count_call$"
expect "^[0-9a-f]\{16\}  k  kmalloc+0x0 \[FTRACE\] .* owner=bpf:7:count_call$"
expect_count 2 'owner=bpf:7:count_call$' "probes owned by program 7"
# The events example's ring buffer, streamed until ^C: one record per
# getpid of syscount 3 (pid, syscall 172, the name "syscount").
expect_count 3 '^events: 24 bytes: ac[0-9a-f]\{8\} 746e756f63737973 0$' "ring buffer records"
# The calls example, one program on kfree and kmalloc, a per-hart hash
# by function: kmalloc's count is its kprobe event's, and each
# function's is the sum of its harts' counts. (kfree's link first:
# attaching and detaching the other link allocates and frees, outside
# the windows then.)
for f in kmalloc:ka kfree:; do
	sym=${f%:*} ev=${f#*:}
	want=$(printf '%s\n' "$out" | sed -n "s/^  $ev  *\\([0-9]*\\)  *0\$/\\1/p" | tail -1)
	line=$(printf '%s\n' "$out" | grep "^calls\[$sym+0\]: ")
	got=$(printf '%s\n' "$line" | sed -n 's/^calls\[[^]]*\]: \([0-9]*\) .*/\1/p')
	harts=$(printf '%s\n' "$line" | sed -n 's/.*(per hart: \(.*\))$/\1/p' |
		tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }')
	[ -z "$ev" ] && want=$got	# kfree: no event to compare with
	if [ -n "$want" ] && [ "$want" -gt 0 ] && [ "$got" = "$want" ] &&
		[ "$harts" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: $sym: event $want, map $got, harts $harts"
	fi
done
# Bad requests: a second attach of a program where it is attached, a
# symbol for a tracepoint program, an id that does not exist.
expect "^bpf: program 8 is attached to kmalloc already$"
# SYMBOL+OFFSET's offset is decimal or 0x hex as kprobe events read it
# (+0x0 is kmalloc's entry; +0x4 and +4 the same place, in its
# patchable entry), anything else an error, not a probe at +0 or +4
# with the rest ignored.
expect "^bpf: program 8 is attached to kmalloc already$"
expect_count 2 "^bpf: attach 8: kmalloc+0x4: cannot attach (error -16)$" "kmalloc+0x4 and +4 refused"
expect "^bpf: kmalloc+0x4zz: not SYMBOL\[+OFFSET\] (OFFSET decimal or 0x hex, SYMBOL at most [0-9]* chars)$"
expect "^bpf: kmalloc+0x: not SYMBOL\[+OFFSET\]"
expect "^bpf: kfree+4x: not SYMBOL\[+OFFSET\]"
# a name several functions share refused, as Linux's perf kprobe (-EADDRNOTAVAIL); 0xADDR taken as an address
expect "^bpf: attach 8: duration: The symbol is not unique (several functions have that name): attach at one's address$"
expect "^ebreak: cannot probe 0x1: 0x1 is not in a known kernel function (-22)$"
# 0xADDR only in hex: 012 is a (missing) symbol, not address 12
expect "^ebreak: cannot probe 012+0x0: unknown symbol 012 (-2)$"
expect "^bpf: program 9 runs on tracepoint raw_syscalls/sys_enter: a symbol is for kprobe, kretprobe and asyncprobe programs$"
expect "^bpf: no program 99 (see bpf)$"
expect "^bpf: count: program 'count_entry' (section 'kprobe/do_work'): no such symbol do_work$"
expect "^bpf: noprobe loaded: programs 10..10$"
expect "^bpf: attach 10: eb_trace_write: cannot attach (error -22)$"
expect "^bpf: no program 9 (see bpf)$"
# The allocs example reserves a record per kmalloc and submits those of
# 128 bytes or more, discarding the others: the records streamed and the
# discards counted add up to a kprobe event's count on kmalloc, each of
# both kinds there was, and no record streamed is a small one.
expect "^bpf: allocs loaded: programs 11..11$"
kb=$(printf '%s\n' "$out" | sed -n 's/^  kb  *\([0-9]*\)  *0$/\1/p' | tail -1)
small=$(printf '%s\n' "$out" | sed -n 's/^small\[0\]: \([0-9]*\)$/\1/p')
sizes=$(printf '%s\n' "$out" | sed -n 's/^big: 32 bytes: \([0-9a-f]*\) [0-9a-f]* [0-9a-f]* [0-9a-f]*$/\1/p')
big=$(printf '%s\n' "$sizes" | grep -c .)
under=$(printf '%s\n' "$sizes" | while read -r h; do
	[ -n "$h" ] && [ $((16#$h)) -lt 128 ] && echo "$h"; done | grep -c .)
if [ -n "$kb" ] && [ -n "$small" ] && [ "$small" -gt 0 ] && [ "$big" -gt 0 ] &&
	[ $((big + small)) -eq "$kb" ] && [ "$under" -eq 0 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: kmalloc event $kb, records $big ($under under 128 bytes), discarded $small"
fi
expect_absent "^big: .* records lost"
# Two loaded objects' maps of one name: MAP alone is refused, naming
# both; OBJECT:MAP picks one.
expect "^bpf: calls is a map of kmalloc and of calls: say which, OBJECT:MAP$"
expect "^bpf: calls loaded: programs 13..13$"
expect_count 2 '^calls: __u64 -> __u64$' "calls map headers (calls:calls dumped once more)"
# The asyncprobe example counts proc_poll's suspends by await line while
# the aprobe command's C probe on the same function writes every event
# to the trace ring: per line, the map's count is the ring's suspend
# lines there; two calls (pingpong and its child), each started and
# completed once.
expect "^bpf: asyncprobe loaded: programs 14..14$"
expect "^      on asyncprobe proc_poll missed=0$"
# An async probe is on a poll function, not at an offset in it: +OFF
# was ignored, a second probe on proc_poll that counted every event
# twice.
expect "^bpf: proc_poll+4: not SYMBOL (an asyncprobe program's is a poll function: no +OFFSET, SYMBOL at most [0-9]* chars)$"
expect_absent "^      on asyncprobe proc_poll+4 "
expect "^aprobe: proc_poll: probed already$"
# A function the kernel's BTF types as no poll function is refused.
expect "^ebreak: cannot async-probe printf: not a poll function (its type is not enum eb_poll (struct eb_future \*, struct eb_context \*))$"
expect "^aprobe: printf: cannot probe (error -22)$"
expect "^usage: aprobe \[add SYMBOL | -SYMBOL\]$"
expect "^proc_poll  *in-flight=0 missed=0$"
expect "^aprobe: proc_poll: not probed (see aprobe)$"
# "aprobe - proc_poll" was "aprobe:  proc_poll: not probed", as if the
# name began with a blank.
expect "^aprobe: -SYMBOL: a probed function's name, right after the -$"
ring=$(printf '%s\n' "$out" | grep ': proc_poll: ')
lines=$(printf '%s\n' "$out" | sed -n 's/^suspends\[\([0-9]*\)\]: \([0-9]*\)$/\1:\2/p')
total=0 bad=
for lc in $lines; do
	l=${lc%:*} c=${lc#*:}
	n=$(printf '%s\n' "$ring" | grep -c ": suspend call=[0-9]* .* at kernel/user/proc.c:$l awaiting ")
	[ "$n" = "$c" ] || bad="$bad line $l: map $c, ring $n;"
	total=$((total + c))
done
all=$(printf '%s\n' "$ring" | grep -c ': suspend call=')
starts=$(printf '%s\n' "$ring" | grep -c ': start call=[0-9]* parent=0 ')
completes=$(printf '%s\n' "$ring" | grep -c ': complete call=')
if [ -z "$bad" ] && [ "$total" -gt 0 ] && [ "$all" = "$total" ] &&
	[ "$starts" = 2 ] && [ "$completes" = 2 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: asyncprobe:$bad map $total, ring $all suspends, $starts starts, $completes completes"
fi
# Each proc_poll event names the process it polls, as Linux names a task:
# pingpong's COMM and its pid (never 0, its first poll's START included).
events=$(printf '%s\n' "$ring" | grep '\] *[0-9.]*: proc_poll: ')
named=$(printf '%s\n' "$events" | grep -c 'pingpong-[1-9][0-9]* *\[')
if [ "$named" -gt 0 ] && [ "$named" = "$(printf '%s\n' "$events" | grep -c .)" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: asyncprobe: $named of the proc_poll events name pingpong and its pid"
fi
# libbpf's SEC("kprobe") names no function: attach without one is
# refused, saying so; with kmalloc it counts what a kprobe event there
# counts. SEC("tp/...") is a tracepoint program: syscount 4's getpid
# calls and more.
expect "^bpf: anyfunc loaded: programs 16..17$"
expect '^bpf: program 16: SEC("kprobe") names no function: bpf attach 16 SYMBOL\[+OFF\]$'
kc=$(printf '%s\n' "$out" | sed -n 's/^  kc  *\([0-9]*\)  *0$/\1/p' | tail -1)
bss=$(printf '%s\n' "$out" | grep '^\.bss\[0\]: { .*\.syscalls = ' | tail -1)
calls=$(printf '%s\n' "$bss" | sed -n 's/.*\.calls = \([0-9]*\).*/\1/p')
sys=$(printf '%s\n' "$bss" | sed -n 's/.*\.syscalls = \([0-9]*\).*/\1/p')
if [ -n "$kc" ] && [ "$kc" -gt 0 ] && [ "$calls" = "$kc" ] &&
	[ -n "$sys" ] && [ "$sys" -ge 4 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: anyfunc: kprobe event $kc, .bss '$bss'"
fi
# tailcall's prog array, filled from its initializer: entry (22) on
# kmalloc runs second and third by tail calls once a call, spin 30
# times; self (21) 34 times a call of what a kprobe event there counts
# (entry, attached first, also sees the kmalloc of self's link).
expect "^bpf: tailcall loaded: programs 18..22$"
expect "^ *22  tailcall  *entry  *kprobe  *kprobe  *no  *jited  *0  *0$"
expect "^ *[0-9]*  tailcall  *jmp  *prog_array  *4  *4  *8$"
# Its dump lists the slots that hold a program, each as the program's id
# (the value Linux's lookup from user space gives) and name.
expect_lines 'jmp: __u32 -> program id (name)
jmp[1]: 18 (second)
jmp[2]: 19 (third)
jmp[4]: 20 (spin)
jmp[5]: 21 (self)
ebreak> kprobe p:kt kmalloc'
kt=$(printf '%s\n' "$out" | sed -n 's/^  kt  *\([0-9]*\)  *0$/\1/p' | tail -1)
runs=$(printf '%s\n' "$out" | sed -n 's/^runs\[\([0-9]\)\]: \([0-9]*\)$/\1=\2/p' | tr '\n' ' ')
e=${runs#0=}; e=${e%% *}
if [ -n "$kt" ] && [ "$kt" -gt 0 ] && [ "$e" -ge "$kt" ] && [ "$e" -le $((kt + 1)) ] &&
	[ "$runs" = "0=$e 1=$e 2=$e 3=$((30 * e)) 4=$e 5=$((34 * kt)) 6=0 7=0 " ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: tailcall: kprobe event $kt, runs '$runs'"
fi
# split's three parts, tail-calling each other on copy_from_user with
# their state in per-hart scratch, read what echo writes ("hello", then
# "\n": a string each, as the kprobe event's records show) with
# bpf_probe_read_user and _str: two calls, as the event counts, 6 bytes
# summing to 542 in all, strings of 6 and 2 bytes with their NULs, and
# lengths 5 and 1 in log2 buckets 3 and 1.
expect "^bpf: split loaded: programs 23..25$"
expect "^ *25  split  *part1  *kprobe  *kprobe/copy_from_user  *yes  *jited  *0  *0$"
expect '^ *echo-[0-9]* .* ku: (copy_from_user+0x0/0x[0-9a-f]*) len=5 s="hello"$'
expect '^ *echo-[0-9]* .* ku: (copy_from_user+0x0/0x[0-9a-f]*) len=1 s="$'
expect_lines '  ku                                                         2               0'
expect_lines 'totals[0]: 2
totals[1]: 6
totals[2]: 542
totals[3]: 8
totals[4]: 2'
expect_lines 'lens[1]: 1
lens[2]: 0
lens[3]: 1'
# dispatch's programs, tail-called by syscall number, count what the
# tracepoint's own records show: getpids (nr 0xac), writes (0x40) and
# their bytes (a2), the rest falling through; its prog array's dump
# names the two filled slots of 512.
expect "^bpf: dispatch loaded: programs 26..28$"
recs=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf load dispatch$/,$p' |
	grep ': sys_enter: nr=')
n_getpid=$(printf '%s\n' "$recs" | grep -c ' nr=0xac ')
n_write=$(printf '%s\n' "$recs" | grep -c ' nr=0x40 ')
bytes=$(printf '%s\n' "$recs" | grep ' nr=0x40 ' |
	sed -n 's/.* a2=\(0x[0-9a-f]*\) .*/\1/p' |
	while read -r b; do echo $((b)); done | awk '{ s += $1 } END { print s + 0 }')
n_all=$(printf '%s\n' "$recs" | grep -c .)
expect_lines "stats[0]: $n_getpid
stats[1]: $n_write
stats[2]: $bytes
stats[3]: $((n_all - n_getpid - n_write))"
if [ "$n_getpid" = 3 ] && [ "$n_write" -ge 3 ] && [ "$n_all" -gt 6 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: dispatch: sys_enter records: $n_getpid getpid, $n_write write of $n_all"
fi
expect_lines 'handlers: __u32 -> program id (name)
handlers[64]: 26 (on_write)
handlers[172]: 27 (on_getpid)
ebreak> trace show'
# mapofmaps's maps of maps, filled from their initializers, listed with
# their ids; count (29) on kmalloc counts each call once in the map
# outer's slot 0 holds (inner_a, then spare, swapped from the shell
# between two runs) and once in by_key[3]'s (inner_c), as many as a
# kprobe event there counts.
expect "^bpf: mapofmaps loaded: programs 29..29$"
expect "^ *[0-9]*  mapofmaps  *outer  *array_of_maps  *4  *4  *2$"
expect "^ *[0-9]*  mapofmaps  *by_key  *hash_of_maps  *4  *4  *4$"
map_id() {
	printf '%s\n' "$out" | sed -n "s/^ *\([0-9]*\)  mapofmaps  *$1 .*/\1/p" | head -1
}
a=$(map_id inner_a) b=$(map_id inner_b) c=$(map_id inner_c) s=$(map_id spare)
expect_lines "outer: __u32 -> map id (name)
outer[0]: $a (inner_a)
outer[1]: $b (inner_b)
ebreak> bpf dump by_key
by_key: __u32 -> map id (name)
by_key[3]: $c (inner_c)"
sum_of() {
	printf '%s\n' "$out" | sed -n "/^ebreak> bpf dump $1\$/,/^ebreak>/s/^$1\[[0-9]*\]: \([0-9]*\)\$/\1/p" |
		head -n "${2:-100}" | awk '{ s += $1 } END { print s + 0 }'
}
kn=$(printf '%s\n' "$out" | sed -n 's/^  kn  *\([0-9]*\)  *0$/\1/p' | tail -1)
ia=$(sum_of inner_a) sp=$(sum_of spare) ic=$(sum_of inner_c)
if [ -n "$kn" ] && [ "$kn" -gt 0 ] && [ "$ia" -gt 0 ] && [ "$sp" -gt 0 ] &&
	[ $((ia + sp)) = "$kn" ] && [ "$ic" = "$kn" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: mapofmaps: kprobe event $kn, inner_a $ia + spare $sp, inner_c $ic"
fi
expect_lines "outer: __u32 -> map id (name)
outer[0]: $s (spare)
outer[1]: $b (inner_b)
ebreak> bpf update outer 0 wrong_key"
# Bad updates and deletes, refused saying what, the maps as they were.
expect "^bpf: map 'outer': slot 0: map 'wrong_key' has key_size 8, the template 4$"
expect "^bpf: map 'outer': slot 2: past its 2 slots$"
expect "^bpf: update outer: key 0x1g is not a number of 4 bytes (decimal or 0x hex)$"
expect "^bpf: no map nosuch (see bpf)$"
expect "^bpf: update outer: key 4294967296 is not a number of 4 bytes (decimal or 0x hex)$"
expect_count 2 "^usage: bpf update MAP KEY VALUE " "usages of update"
expect "^bpf: outer's values are maps: bpf dump outer shows its slots$"
expect_lines "by_key: __u32 -> map id (name)
by_key[3]: $c (inner_c)
by_key[1]: $b (inner_b)
ebreak> bpf delete by_key 1
ebreak> bpf delete by_key 1
bpf: delete by_key: key 1: no such key
ebreak> bpf delete outer 1
ebreak> bpf delete outer 1
bpf: delete outer: key 1: the slot is empty
ebreak> bpf delete outer 2
bpf: delete outer: key 2: past its 2 slots
ebreak> bpf dump outer
outer: __u32 -> map id (name)
outer[0]: $s (spare)
ebreak> bpf update which 0 0x100000000
bpf: update which: value 0x100000000 is not a number of 4 bytes (decimal or 0x hex; values of 1, 2, 4 or 8 bytes)
ebreak> bpf update which 5 1
bpf: update which: key 5: past its 2 slots
ebreak> bpf update which 1 7
ebreak> bpf delete which 0
bpf: delete which: its type is array: bpf delete takes hashes' keys and prog arrays' and maps of maps' slots
ebreak> bpf dump which
which: __u32 -> __u32
which[0]: 0
which[1]: 7
ebreak> bpf update inner_b 7 -1
bpf: update inner_b: value -1 is not a number of 8 bytes (decimal or 0x hex; values of 1, 2, 4 or 8 bytes)
ebreak> bpf update inner_b 0x7 42
ebreak> bpf dump inner_b
inner_b: __u32 -> __u64
inner_b[7]: 42"
# A map of maps' VALUE may be a map's id, as bpf and bpf dump show it
# (bpftool's `value id MAP_ID`; it was refused, "no map 39").
expect_lines "ebreak> bpf update outer 1 $c
ebreak> bpf update outer 1 999
bpf: update outer: no map 999 (see bpf)
ebreak> bpf dump outer
outer: __u32 -> map id (name)
outer[0]: $s (spare)
outer[1]: $c (inner_c)"
# 2^64 - 1 is an 8-byte value (it was refused as if past 64 bits), 2^64
# is not.
expect_count 3 "^inner_b\[\(8\|9\|10\)\]: 18446744073709551615$" "values 2^64 - 1"
expect "^bpf: update inner_b: value 18446744073709551616 is not a number of 8 bytes "
expect "^bpf: update inner_b: value 0x00010000000000000000 is not a number of 8 bytes "
expect_absent "^inner_b\[1[12]\]"
# A prog array's slot filled from the shell with a loaded program's id,
# one of another type refused as the loader's initializer is.
expect_lines "ebreak> bpf update handlers 1 27
ebreak> bpf update handlers 512 27
bpf: prog array 'handlers': slot 512, past its 512
ebreak> bpf update handlers 1 99
bpf: update handlers: no program 99 (see bpf)
ebreak> bpf update handlers 2 29
bpf: prog array 'handlers': slot 2: its programs are of type 5 and JIT-compiled, this one is of type 2 and JIT-compiled
ebreak> bpf dump handlers
handlers: __u32 -> program id (name)
handlers[1]: 27 (on_getpid)
handlers[64]: 26 (on_write)
handlers[172]: 27 (on_getpid)
ebreak> bpf delete handlers 1
ebreak> bpf delete handlers 1
bpf: delete handlers: key 1: the slot is empty
ebreak> bpf dump handlers
handlers: __u32 -> program id (name)
handlers[64]: 26 (on_write)
handlers[172]: 27 (on_getpid)"
expect "^bpf: update calls: its type is percpu_hash: bpf update sets hash, array, lru_hash, prog_array and maps of maps' elements$"
expect "^bpf: update .rodata: the object's read-only data: set before load, not after$"
# The perfbuf example's perf event array, streamed until ^C: one record
# per getpid of syscount 3, each in the buffer of the hart it ran on
# (pid, syscall 172, the name "syscount"); none lost. Not a ring buffer.
expect "^bpf: perfbuf loaded: programs 30..30$"
expect "^bpf: pb is a perf_event_array map, not a ring buffer$"
expect "^bpf: no map nosuch (see bpf)$"
# Then 2100 unread: a hart's 16 KiB buffer keeps 512 of these records
# (32 bytes each with its header), the rest said lost with that hart:
# more than the 4 harts' 2048 together, so some are lost however the
# process moved between harts (700 fitted when it moved); the records
# shown and the lost counted are the 2103 calls exactly.
records=$(printf '%s\n' "$out" |
	grep -c '^pb: hart [0-3]: 24 bytes: ac[0-9a-f]\{8\} 746e756f63737973 0$')
lost=$(printf '%s\n' "$out" |
	sed -n 's/^pb: hart [0-3]: \([0-9]*\) records lost (its buffer was full)$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
if [ "$lost" -gt 0 ] && [ $((records + lost)) -eq 2103 ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: perf event array: $records records and $lost lost, not 2103 in all"
fi
# fentry and fexit on kmalloc (the kmalloc_fentry example), attached by
# bpf attach ID as the other links, listed by bpf and owning their
# probes at kmalloc's patchable entry: its calls at entry are a kprobe
# event's hits, the bytes the sizes it recorded; its returns at exit
# (attached first, detached last) at least as many, none NULL; a
# SYMBOL is refused (the function is the program's since load).
expect "^bpf: kmalloc_fentry loaded: programs 31..32$"
expect "^bpf: program 31 runs on fentry kmalloc, its function since load (Linux's attach_btf_id): no SYMBOL$"
expect "^bpf: program 32 is attached to kmalloc already$"
expect "^  *31  kmalloc_fentry   kmalloc_entry    fentry          fentry/kmalloc           yes      jited "
expect "^      on fentry kmalloc missed=0$"
expect "^      on fexit kmalloc missed=0$"
expect "^[0-9a-f]\{16\}  k  kmalloc+0x0 \[FTRACE\] .* owner=bpf:31:kmalloc_entry$"
expect "^[0-9a-f]\{16\}  r  kmalloc+0x0 \[FTRACE\] .* owner=bpf:32:kmalloc_exit$"
kf=$(printf '%s\n' "$out" | sed -n 's/^  kf  *\([0-9]*\)  *0$/\1/p' | tail -1)
sizes=$(printf '%s\n' "$out" | sed -n 's|.* kf: (kmalloc+0x0/0x[0-9a-f]*) size=\([0-9]*\)$|\1|p' |
	awk '{ s += $1 } END { print s + 0 }')
returns=$(printf '%s\n' "$out" | sed -n 's/^\.bss\[0\]: { \.calls = [0-9]*, \.bytes = [0-9]*, \.returns = \([0-9]*\), \.failed = 0 }$/\1/p')
if [ -n "$kf" ] && [ "$kf" -gt 3 ] && [ "$sizes" -gt 0 ] &&
	[ -n "$returns" ] && [ "$returns" -ge "$kf" ]; then
	pass=$((pass + 1))
	expect "^\.bss\[0\]: { \.calls = $kf, \.bytes = $sizes, \.returns = $returns, \.failed = 0 }$"
else
	fail=$((fail + 1))
	echo "$suite: kmalloc_fentry: kprobe event hits '$kf', sizes $sizes, returns '$returns'"
fi
# A cookie from the shell (libbpf's bpf_cookie): bad ones refused
# saying what, nothing attached; the link's cookie is listed and is what
# the helpers example's bpf_get_attach_cookie read at kmalloc.
expect "^bpf: helpers loaded: programs 33..36$"
expect "^bpf: attach: cookie=0x: not cookie=N (N decimal or 0x hex, at most 64 bits)$"
expect "^bpf: attach: cookie=18446744073709551616: not cookie=N (N decimal or 0x hex, at most 64 bits)$"
expect "^bpf: attach: 'extra' is extra: attach ID \[SYMBOL\[+OFF\] | PATTERN | freq=N | period=NS\] \[cookie=N\]$"
expect "^bpf: attach: 'cookie=6' is extra: attach ID \[SYMBOL\[+OFF\] | PATTERN | freq=N | period=NS\] \[cookie=N\]$"
expect "^      on kprobe kmalloc missed=0 cookie=18364758544493064720$"
expect "^\.bss\[0\]: { .* \.cookie = 18364758544493064720, \.uid_gid = 0, "
# Each probe link's missed hits in bpf's listing are its probe's own
# count, as probes shows it (bpftool link's missed; the fexit's pool
# can run out under forkwait's nested kmallocs).
lm=$(printf '%s\n' "$out" | sed -n 's/^      on fexit kmalloc missed=\([0-9]*\)$/\1/p' | tail -1)
pm=$(printf '%s\n' "$out" | sed -n 's/^[0-9a-f]\{16\}  r  kmalloc+0x0 \[FTRACE\] nmissed=\([0-9]*\) owner=bpf:32:kmalloc_exit$/\1/p' | tail -1)
if [ -n "$lm" ] && [ "$lm" = "$pm" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: fexit kmalloc: bpf says missed '$lm', probes nmissed '$pm'"
fi
expect "^bye"
# .rodata knobs set at load (`bpf load NAME VAR=VALUE...`, a libbpf
# skeleton's rodata before load): each bad one refused naming it, the
# object not loaded; the globals object's knobs then shown by bpf dump,
# and its counts the kprobe event's: every call, the calls of 1064 bytes
# or more (min_size=64 with size_bias=-1000, a signed knob), a bpf_printk
# line for each of those (verbose=1), and forkwait's calls (its comm in
# targ_comm, a char array knob).
expect "^bpf: load globals: nosuch: no such .rodata variable (a const volatile global)$"
expect "^bpf: load globals: verbose=300: not a number (decimal or 0x hex) its 1-byte unsigned variable holds$"
expect "^bpf: load globals: last_size: no such .rodata variable"
expect "^bpf: load globals: min_size=0x1g: not a number (decimal or 0x hex) its 8-byte unsigned variable holds$"
# negative numbers for signed variables, in their range; strings for
# char arrays, room left for the NUL
expect "^bpf: load globals: min_size=-1: not a number (decimal or 0x hex) its 8-byte unsigned variable holds$"
expect "^bpf: load globals: size_bias=-2147483649: not a number (decimal or 0x hex) its 4-byte signed variable holds$"
expect "^bpf: load globals: size_bias=2147483648: not a number (decimal or 0x hex) its 4-byte signed variable holds$"
expect "^bpf: load globals: targ_comm=0123456789abcdef: longer than its char\[16\] holds with the NUL$"
expect "^bpf: load globals: not VAR=VALUE: min_size$"
# a branch a knob turns on is verified: there a helper kprobe programs
# may not call (off, the branch is dead code, not walked: the load below)
expect "^bpf: globals: program 'kmalloc_knobs' (section 'kprobe/kmalloc'): insn [0-9]* (call bpf_get_func_arg#183): program of this type cannot use helper bpf_get_func_arg#183$"
expect "^bpf: globals loaded: programs 37..37$"
expect "^\.rodata\[0\]: { \.min_size = 64, \.verbose = true, "
g=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf attach 37$/,/^ebreak> bpf unload globals$/p')
kg=$(printf '%s\n' "$g" | sed -n 's/^  kg  *\([0-9]*\)  *0$/\1/p')
big=$(printf '%s\n' "$g" | sed -n 's|.* kg: (kmalloc+0x0/0x[0-9a-f]*) size=\([0-9]*\)$|\1|p' |
	awk '$1 >= 1064 { n++ } END { print n + 0 }')
comm=$(printf '%s\n' "$g" | grep -c '^ *forkwait-[0-9]* .* kg: (kmalloc+0x0/')
printk=$(printf '%s\n' "$g" | grep -c ': bpf_trace_printk: kmalloc [0-9]*$')
if [ -n "$kg" ] && [ "$kg" -gt 3 ] && [ "$big" -gt 0 ] && [ "$printk" = "$big" ]; then
	pass=$((pass + 1))
	expect "^\.bss\[0\]: { \.calls = $kg, \.big = $big, \.comm_calls = $comm }$"
else
	fail=$((fail + 1))
	echo "$suite: globals: kprobe event hits '$kg', of 1064 bytes or more $big, printk lines $printk"
fi
expect "^\.rodata\[0\]: { .*, \.size_bias = -1000, \.targ_comm = \"forkwait\", "
# libbpf-tools' idioms (the slots object): kmalloc's sizes in a log2
# histogram of a struct's array (26 slots, as theirs), bumped at a variable offset, made by
# bpf_map_lookup_or_try_init in a BPF_F_NO_PREALLOC hash, add up to the
# kprobe event's calls and sizes; getpid calls by pid are syscount's.
expect "^bpf: slots loaded: programs 38..39$"
s=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf load slots filter_cg=1$/,/^ebreak> bpf unload slots$/p')
kg2=$(printf '%s\n' "$s" | sed -n 's/^  kg  *\([0-9]*\)  *0$/\1/p')
sizes=$(printf '%s\n' "$s" | sed -n 's|.* kg: (kmalloc+0x0/0x[0-9a-f]*) size=\([0-9]*\)$|\1|p' |
	awk '{ s += $1 } END { print s + 0 }')
slots=$(printf '%s\n' "$s" | sed -n 's/^hists\[[0-9]*\]: { \.slots = \[\(.*\)\], \.total = [0-9]* }$/\1/p' |
	tr -d ' ' | tr ',' '\n' | awk '{ s += $1 } END { print s + 0 }')
total=$(printf '%s\n' "$s" | sed -n 's/^hists\[[0-9]*\]: { .* \.total = \([0-9]*\) }$/\1/p' |
	awk '{ s += $1 } END { print s + 0 }')
if [ -n "$kg" ] && [ -n "$kg2" ] && [ $((kg2 - kg)) -gt 0 ] &&
	[ "$slots" = $((kg2 - kg)) ] && [ "$total" = "$sizes" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: slots: kprobe event hits $kg..$kg2 of $sizes bytes, histogram $slots of $total"
fi
# bpf dump shows an array whole, as bpftool: all 26 slots (it cut 16)
expect "^hists\[[0-9]*\]: { \.slots = \[\([0-9]*, \)\{25\}[0-9]*\], "
expect "^hists: pid_t -> struct hist$"
# bpf dump hists hist: each pid's slots drawn as libbpf-tools'
# print_log2_hist, bucket k for slot k: the bars add up to the event's
# calls too
hs=$(printf '%s\n' "$s" | sed -n '/^ebreak> bpf dump hists hist$/,/^ebreak> /p' |
	sed -n 's/^\[.*[])]  *\([0-9][0-9]*\) |.*|$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
# and [1K, 2K) holds the event's sizes 1024..2047 (slot k: [2^k, 2^(k+1)))
k1=$(printf '%s\n' "$s" | sed -n '/^ebreak> bpf dump hists hist$/,/^ebreak> /p' |
	sed -n 's/^\[1K, 2K)  *\([0-9][0-9]*\) |.*|$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
e1=$(printf '%s\n' "$s" | sed -n 's|.* kg: (kmalloc+0x0/0x[0-9a-f]*) size=\([0-9]*\)$|\1|p' |
	awk '$1 >= 1024 && $1 < 2048 { n++ } END { print n + 0 }')
if [ -n "$kg2" ] && [ "$hs" = $((kg2 - kg)) ] && [ "$k1" = "$e1" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: slots: bpf dump hists hist buckets add up to $hs, not $kg..$kg2, [1K, 2K) $k1 of $e1"
fi
expect "^@hists\[[0-9]*\]:$"
syspid=$(printf '%s\n' "$s" | sed -n 's/^ *syscount-\([0-9]*\) .*/\1/p' | head -1)
expect "^getpids\[$syspid\]: 4$"
expect_count 1 "^getpids\[" "pids calling getpid"
# Raw tracepoint programs (the raw_tp object): listed with their kind,
# attached by ID to the tracepoint their section names (a SYMBOL
# refused), each run on every spawn forkwait made, the same task and id
# seen by both, read through the pointer as the argument says; a raw
# tracepoint the kernel lacks refused at load.
expect "^bpf: raw_tp loaded: programs 40..41$"
expect "^bpf: program 41 runs on tracepoint task_spawn: a symbol is for kprobe, kretprobe and asyncprobe programs$"
expect "^  40  raw_tp  *raw_spawn  *raw_tp  *raw_tp/task_spawn  *yes  *jited "
expect "^  41  raw_tp  *btf_spawn  *tp_btf  *tp_btf/task_spawn  *yes  *jited "
expect_count 2 "^      on tracepoint sched:task_spawn$" "raw programs' links"
seen='{ \.runs = \([1-9][0-9]*\), \.task = \([0-9]*\), \.id = \([0-9]*\), \.task_id = \3, \.polls = 0 }'
raw=$(printf '%s\n' "$out" | sed -n "s/^\.bss\[0\]: { \.raw_seen = $seen, \.btf_seen = $seen }$/\1 \2 \3 = \4 \5 \6/p")
if [ -n "$raw" ] && [ "${raw%% = *}" = "${raw##* = }" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: raw_tp: raw_tp's and tp_btf's runs, task and id differ: '$raw'"
fi
expect "^bpf: bad_raw_tp: program 'raw_nothing' (section 'raw_tp/no_such_event'): no such tracepoint (see trace: a raw one is named by its event, sys_enter of raw_syscalls:sys_enter)$"
# A struct key holding a stack id, as offcputime's: each pid with its
# stack (the user stack id, -EFAULT, as a member), the same stacks as
# the stack trace map's plain dump; keys with two stack ids (no kern*
# one) or none are refused.
keyed=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf load keyed_stacks$/,$p')
same_stacks by_task "$keyed"
expect "^@by_task\[{ \.pid = [0-9]*, \.user_stack_id = -14 },$"
expect "^bpf: two's key struct two_ids has 2 members whose names end in stack_id or stackid (and not one kern\* among them)$"
expect "^bpf: none's key struct no_id has 0 members whose names end in stack_id or stackid (one is the stack id)$"
# kprobe.multi (the funccount example, libbpf's SEC("kprobe.multi/k?alloc")):
# one link on both matching functions, listed with their count, each
# function's probe owned by the program; its calls per bpf_get_func_ip,
# keys symbolized by bpf dump's syms, equal each function's kprobe
# event's hits. A SEC("kprobe.multi") program takes its pattern at
# attach, with a cookie; no match, a function without a patchable
# entry, a pattern libbpf would not take and one too long are refused
# saying so.
expect "^bpf: funccount loaded: programs 43..43$"
expect "^      on kprobe.multi k?alloc funcs=2 missed=0$"
expect_count 2 'k  k[mz]alloc+0x0 \[FTRACE\] .* owner=bpf:43:count_func$' "probes owned by the kprobe.multi link"
# (the calls between two readings of both, forkwait's and no others)
fc=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf load funccount$/,/^ebreak> bpf unload funccount$/p')
for f in kmalloc:mfa kzalloc:mfz; do
	ev=$(printf '%s\n' "$fc" | sed -n "s/^  ${f#*:}  *\([0-9]*\)  *0$/\1/p")
	bc=$(printf '%s\n' "$fc" | awk -v f="${f%:*}" '
		/^ebreak> bpf dump counts syms$/ { if (n++) print v; v = 0 }
		index($0, "counts[" f "+0]: ") == 1 { v = $2 }
		END { print v }')
	e=$(printf '%s\n' $ev | awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }')
	b=$(printf '%s\n' $bc | awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }')
	if [ -n "$e" ] && [ "$e" -gt 0 ] && [ "$e" = "$b" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: funccount: ${f%:*} counted '$bc', its kprobe event '$ev'"
	fi
done
expect_count 2 "^counts\[k[mz]alloc+0\]: " "functions counted by funccount (after the run)"
expect "^bpf: program 46: SEC(\"kprobe.multi\") names no function: bpf attach 46 PATTERN$"
expect "^bpf: attach 46: kprobe.multi: 'nosuch_\*' matches no function with a patchable entry$"
expect "^bpf: attach 46: kprobe.multi: eb_bpf_attach has no patchable entry (a notrace function or ebreak's own code): not traceable$"
expect "^bpf: attach 46: kprobe.multi: 'kf\[r\]ee' is not a pattern of function names (letters, digits and _ \. \* ?, libbpf's)$"
expect "^      on kprobe.multi kfree funcs=1 missed=0 cookie=7$"
# A pattern longer than the link keeps is refused, not cut (127 *s
# would have matched every function).
expect "^bpf: attach 46: kprobe.multi: a pattern is at most 127 chars, not 130$"
expect_absent "^      on kprobe.multi \*\*\*"
# The profile example (libbpf-tools' profile) on every hart's timer
# samples: refused frequencies said, the link listed with its event;
# spin's samples caught user mode (no kernel stack: [Missed Kernel
# Stack], as libbpf-tools' profile prints it);
# with include_idle=1 every sample is counted, the counts adding up to
# the program's runs as bpf stats counts them, and the idle harts'
# samples show their idle loop's stack.
profile=$(printf '%s\n' "$out" | sed -n '/^ebreak> bpf load profile$/,$p')
all=$out
out=$profile
expect "^bpf: program 47 samples: bpf attach 47 freq=N (samples a second on each hart) or period=NS$"
expect "^bpf: attach 47: perf_event: freq=0 or period=0 samples nothing: freq from 1 to 100000 (Linux's kernel.perf_event_max_sample_rate), or a period of 10000 ns or more$"
expect "^bpf: attach 47: perf_event: freq=200000 is above the maximum sample rate, 100000 Hz (Linux's kernel.perf_event_max_sample_rate)$"
expect "^bpf: attach 47: perf_event: period too short: at most 100000 samples a second"
expect "^  47  profile          do_perf_event    perf_event      perf_event               yes      jited "
expect "^      on perf_event cpu-clock freq=1000 missed=0$"
expect "^bpf: program 47 is attached to cpu-clock freq=1000 already$"
expect "^      on perf_event cpu-clock period=1000000 missed=0$"
expect "^@counts\[{ \.pid = [1-9][0-9]*, \.user_stack_id = -1, \.name = \"spin\" },$"
expect "^    \[Missed Kernel Stack\]$"
expect "^@counts\[{ \.pid = 0, \.user_stack_id = -1, \.name = \"swapper/[1-3]\" },$"
expect "^    idle_loop+[0-9]*$"
idle=$(printf '%s\n' "$profile" | sed -n '/^ebreak> bpf load profile include_idle=1$/,$p')
runs=$(printf '%s\n' "$idle" | sed -n 's/^  48  profile .* jited  *\([0-9]*\)  *[0-9]*$/\1/p' | tail -1)
sum=$(printf '%s\n' "$idle" | sed -n 's/^\]: \([0-9]*\)$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
if [ -n "$runs" ] && [ "$runs" -gt 0 ] && [ "$runs" = "$sum" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: profile: the counts add up to $sum, the program ran ${runs:-?} times"
fi
out=$all
# Error injection: fork fails with -ENOMEM (12) for forkwait only.
expect "^bpf: attach 49: proc_fork+0x4 (at an offset): bpf_override_return runs only at a function's entry (+0)$"
expect "^bpf: attach 49: pipe_alloc: bpf_override_return on a function not marked for error injection (EB_ALLOW_ERROR_INJECTION)$"
expect_count 1 "^forkwait: fork 1 failed: error 12$" "forks failed"
expect_count 1 "^forkwait 3: exit 1$" "forkwaits failing"
expect "^forked$"
expect "^\.bss\[0\]: { \.injected = 2 }$"
expect_report
