#!/bin/sh
# Boots the kernel straight into its shell (nosh) and drives kprobe
# events as a user would: define p and r events with fetch args, make
# them fire (`trace on NAME` calls tracepoint_print_on(NAME)), read the
# trace ring, clear it, refuse a bad line, remove the events. Prints
# `kprobe-shell: N passed, N failed`.
#   tests/kernel/kprobe_shell-check.sh QEMU-COMMAND...
session='harts 1
syms	kprobe_breakpoint_handl
[Cprobes extra
kprobe p:ton tracepoint_print_on name=+0(%a0):string first=+0(%a0):u8
kprobe r:tonr tracepoint_print_on ret=$retval:s32
kprobe p:bad tracepoint_print_on x=%zz
trace on no_such_tracepoint
kprobe
kprobe profile
probes
trace show
trace clear
trace show
kprobe -:ton
kprobe -:tonr
kprobe
trace on raw_syscalls:sys_enter
trace on raw_syscalls:sys_enter
run syscount 1
trace off raw_syscalls:sys_enter
trace show
trace clear
trace filter raw_syscalls:sys_enter nr == 172 && common_pid > 0
trace filter raw_syscalls:sys_enter
trace filter raw_syscalls:sys_enter bogus == 1
trace trigger raw_syscalls:sys_enter stacktrace:1
trace on raw_syscalls:sys_enter
run syscount 3
trace off raw_syscalls:sys_enter
trace show
trace filter raw_syscalls:sys_enter 0
trace trigger raw_syscalls:sys_enter !stacktrace
trace clear
kprobe r:ra1 tracepoint_print_off
kprobe r:ra2 tracepoint_print_off
kprobe p:ra3 tracepoint_print_off ra=%ra:symbol
trace off no_such_tracepoint
trace show
trace clear
kprobe p:cu copy_from_user src=+u0(%a1):string u=+0(%a1):ustring k=+0(%a1):string len=%a2:u32
run echo hello
kprobe -:cu
trace show
kprobe p:en tracepoint_print_off
kprobe disable en
trace off nothing1
kprobe enable en
trace off nothing2
kprobe disable nosuch
kprobe disable en extra
kprobe disable  en
trace off nothing3
kprobe profile
kprobe -:en
kprobe p: copy_from_user
kprobe p:b copy_from_user%ret
kprobe p:dup duration
kprobe p:o32 kp_csr
kprobe errors
kprobe errors clear
kprobe errors
kprobe p:o32 kp_add
kprobe -:o32
kprobe r5:rr kmalloc
kprobe
kprobe -:rr
kprobe p:cf copy_from_user len=%a2:u32 src=+u0(%a1):ustring who=$comm
trace filter cf len > 3 && comm ~ "ech*" || src == "hi"
trace filter cf
trace filter cf len >
trace filter cf nosuch == 1
trace filter nosuch len == 1
trace trigger cf stacktrace:1
trace trigger cf
trace trigger cf bogus
trace trigger cf traceoff:2 if bogus == 1
trace clear
run echo hello
run echo hi
run echo no
trace show
trace filter cf 0
trace filter cf
trace trigger cf
kprobe -:cf
kprobe p:tf tracepoint_print_on n=+0(%a0):x8[65]
kprobe p:tf tracepoint_print_on i=\1234 s=\"hi" y=%pc:symstr a=+0(%a0):u8[2] b=+0(%a0):b4@4/8
kprobe p:tb tracepoint_print_on name:string
kprobe r:tr tracepoint_print_on $arg* $retval
kprobe
trace filter tf a == 0x6566
trace filter tf
trace clear
trace on fetchtest
kprobe -:tf
kprobe -:tb
kprobe -:tr
trace show
trace clear
trace on raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter hist:keys=common_pid.execname,nr:vals=a0:sort=nr if nr == 172
run syscount 3
trace hist raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter hist:keys=nosuchfield
trace trigger raw_syscalls:sys_enter !hist:keys=common_pid.execname,nr:vals=a0:sort=nr if nr == 172
trace hist raw_syscalls:sys_enter
trace off raw_syscalls:sys_enter
kprobe p:hk kfree
trace trigger hk hist:keys=common_pid:vals=hitcount
trace trigger hk hist:keys=common_pid:vals=hitcount
trace hist hk
trace hist nosuch
kprobe -:hk
trace clear
trace on raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter traceoff if nr == 172
run syscount 2
trace tracing_on
trace off raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter
trace trigger raw_syscalls:sys_enter !traceoff
trace show
trace tracing_on 1
trace tracing_on
trace clear
trace on raw_syscalls:sys_enter
kprobe p:ee tracepoint_print_off
trace trigger ee enable_event:raw_syscalls:sys_enter:1
trace trigger ee
run syscount 1
trace off nothing3
run syscount 4
trace off raw_syscalls:sys_enter
trace trigger ee !enable_event:raw_syscalls:sys_enter
kprobe -:ee
trace show
trace clear
poweroff
'
suite=kprobe-shell
. tests/kernel/expect.sh
type_session "$@"
# The line editor: extra arguments refused, Tab completes a command, a
# right arrow's escape sequence ignored (tests/kernel/shell_edit-check.sh
# checks the rest).
expect "^harts: takes no arguments (got '1')"
expect "^[0-9a-f]* *[0-9]* kprobe_breakpoint_handler"
expect "^probes: takes no arguments (got 'extra')"
# A refusal as Linux's error_log shows it: its text, the command, a
# caret under the bad part (then ebreak's explanation).
expect_lines "trace_kprobe: error: Invalid register name
  Command: p:bad tracepoint_print_on x=%zz
                                       ^
  RISC-V ABI names: %a0, %sp, %s1, ..., %pc"
expect "^trace: on no_such_tracepoint: no such tracepoint"
# A tracepoint's events in the trace ring as ftrace prints them: COMM-PID,
# the process's pid (not an executor task id), values in hex with 0x.
expect "^ *syscount-[0-9]*  *\[00[0-9]\]  *[0-9.]*: sys_enter: nr=0xac a0=0x0 .* pid=0x"
# A tracepoint's filter and trigger: syscount 3's three getpid calls
# (nr 172) are recorded, nothing else, with one stack.
expect "^nr == 172 \&\& common_pid > 0$"
expect "^parse_error: Field not found$"
n=$(printf '%s\n' "$out" | sed -n '/^ebreak> run syscount 3/,/^ebreak> trace filter raw_syscalls:sys_enter 0/{p;/trace filter/q}' | grep -c ': sys_enter: nr=0xac ')
[ "$n" -eq 3 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: $n filtered sys_enter records, not 3"; }
n=$(printf '%s\n' "$out" | sed -n '/^ebreak> run syscount 3/,/^ebreak> trace filter raw_syscalls:sys_enter 0/{p;/trace filter/q}' | grep -c ': sys_enter: ')
[ "$n" -eq 3 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: $n sys_enter records passed the filter, not 3"; }
expect "^ => syscall_begin+0x[0-9a-f]*/0x[0-9a-f]*$"
# kprobe lists the events as Linux's kprobe_events file, kprobe profile
# counts them as its kprobe_profile.
expect "^p:kprobes/ton tracepoint_print_on name=+0(%a0):string first=+0(%a0):u8$"
expect "^r:kprobes/tonr tracepoint_print_on ret=\$retval:s32$"
expect "^  ton  *1  *0$"
# In the order made, as Linux lists them; MAXACTIVE kept (r5:).
order=$(printf '%s\n' "$out" | grep -A2 '^ebreak> kprobe$' | head -3 | tr '\n' '|')
case $order in
"ebreak> kprobe|p:kprobes/ton "*"|r:kprobes/tonr "*) pass=$((pass + 1));;
*) fail=$((fail + 1)); echo "$suite: kprobe listed: $order";;
esac
expect "^r5:kprobes/rr kmalloc$"
expect "^  tonr  *1  *0$"
expect "^[0-9a-f]\{16\}  k  tracepoint_print_on+0x0 \[FTRACE\] nmissed=0$"
expect "^[0-9a-f]\{16\}  r  tracepoint_print_on+0x0 \[FTRACE\] nmissed=0$"
expect "^# entries-in-buffer/entries-written: 2/2   #P:4$"
# ftrace's common fields: COMM-PID first (the kernel shell's hart loop is
# swapper/N, pid 0; a process its name and pid), the columns named.
expect "^#           TASK-PID     CPU#     TIMESTAMP  FUNCTION$"
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: ton: (tracepoint_print_on+0x0/0x[0-9a-f]*) name=\"no_such_tracepoint\" first=110$"
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: tonr: (cmd_trace+0x[0-9a-f]*/0x[0-9a-f]* <- tracepoint_print_on) ret=-2$"
expect "^# entries-in-buffer/entries-written: 0/0   #P:4$"
# trace on an event that is on already: nothing, as Linux's enable.
expect_absent "^trace: on raw_syscalls"
# After the removals, kprobe lists nothing (Linux's empty file).
after=$(printf '%s\n' "$out" | grep -B1 '^ebreak> trace on raw_syscalls:sys_enter$' | head -1)
case $after in
"ebreak> kprobe") pass=$((pass + 1));;
*) fail=$((fail + 1)); echo "$suite: kprobe after the removals printed: $after";;
esac
# A filter in Linux's syntax over the args, $comm and the common
# fields: only the matching events are recorded; bad ones get Linux's
# parse_error with a caret.
expect "^len > 3 \&\& comm ~ \"ech\*\" || src == \"hi\"$"
expect "^ *echo-[0-9]*  *\[00[0-9]\]  *[0-9.]*: cf: (copy_from_user+0x0/0x[0-9a-f]*) len=5 src=\"hello\" who=\"echo\"$"
expect "^ *echo-[0-9]*  *\[00[0-9]\]  *[0-9.]*: cf: (copy_from_user+0x0/0x[0-9a-f]*) len=2 src=\"hi\" who=\"echo\"$"
expect_absent ": cf: .*src=\"no\""
expect "^     \^$"
expect "^parse_error: Invalid value (did you forget quotes)?$"
expect "^parse_error: Field not found$"
expect "^trace: nosuch: no such event (see kprobe and trace)"
expect "^none$"
# The stacktrace trigger: one stack (its count was 1) after the first
# record, as Linux's trigger prints it, from the probed function up.
expect "^stacktrace:count=1$"
expect "^trace: trigger bogus: unknown trigger"
# A trigger's bad filter: the filter's lines, its caret where `trace
# filter` puts it (not shifted by a prefix), the trigger not set.
expect_lines 'ebreak> trace trigger cf traceoff:2 if bogus == 1
bogus == 1
     ^
parse_error: Field not found'
expect_absent "^traceoff:2 if"
expect "^ *echo-[0-9]*  *\[00[0-9]\]  *[0-9.]*: <stack trace>$"
expect "^ => copy_from_user+0x0/0x[0-9a-f]*$"
expect "^ => sys_write+0x[0-9a-f]*/0x[0-9a-f]*$"
expect "^ => proc_poll+0x"
n=$(printf '%s\n' "$out" | grep -c "<stack trace>")
[ "$n" -eq 2 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: $n stack traces, not 2 (one per stacktrace:1)"; }
expect "^stacktrace:count=0$"	# used up, still listed (Linux)
expect "^bye"
# Two kretprobes and a kprobe on one function: the caller is named, never
# a trampoline (Linux's return-address lookup).
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9.]*: ra3: (tracepoint_print_off+0x0/0x[0-9a-f]*) ra=cmd_trace+0x"
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9.]*: ra1: (cmd_trace+0x[0-9a-f]*/0x[0-9a-f]* <- tracepoint_print_off)"
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9.]*: ra2: (cmd_trace+0x[0-9a-f]*/0x[0-9a-f]* <- tracepoint_print_off)"
expect_absent "kretprobe_trampolines"
# User memory: +uOFFS() and :ustring read the calling process's memory;
# a kernel read of a user address faults, as in Linux.
expect "^ *echo-[0-9]*  *\[00[0-9]\]  *[0-9.]*: cu: (copy_from_user+0x0/0x[0-9a-f]*) src=\"hello[^\"]*\" u=\"hello[^\"]*\" k=(fault) len=[0-9]*$"
# An event disabled without being removed records and counts nothing
# (disabled by `kprobe disable  en` too: nothing3 is not counted).
expect "^  en  *1  *0$"
expect_absent "^kprobe: disable  *en: "
expect "^kprobe: disable nosuch: no such event"
expect "^kprobe: disable en extra: 'extra' after the event's name: kprobe disable NAME$"
# Linux's texts where the reported ones misled: no name, a bad suffix, a
# name several functions share (syms lists them; by address: the
# kprobe_events suite)
expect_lines "trace_kprobe: error: Event name is not specified
  Command: p: copy_from_user
             ^"
expect_lines "trace_kprobe: error: Invalid probed address suffix
  Command: p:b copy_from_user%ret
                             ^"
expect_lines "trace_kprobe: error: The symbol is not unique
  Command: p:dup duration
                 ^
  several functions are called duration: probe one by its address (0xADDR)"
# A refused instruction's reason logged whole (it was cut at 160 chars)
expect "^ebreak: cannot probe kp_csr+0x0: refused instruction csrrs (0x[0-9a-f]*): SYSTEM opcode (ecall, CSR access, xRET, wfi, sfence.vma): traps or changes privileged state that the breakpoint trap uses (-22)$"
expect_lines "trace_kprobe: error: Failed to register probe event
  Command: p:o32 kp_csr
                 ^
  error -22 (the reason is in the log)"
# kprobe errors: the refusals kept, as Linux's error_log, stamped; clear
# empties it (the second listing is empty: the next command follows)
expect "^\[ *[0-9]*\.[0-9]\{6\}\] trace_kprobe: error: The symbol is not unique$"
expect_count 2 "trace_kprobe: error: Failed to register probe event$" "the kp_csr refusal, printed and logged"
after=$(printf '%s\n' "$out" | grep -A1 '^ebreak> kprobe errors$' | tail -1)
case $after in
"ebreak> kprobe p:o32 kp_add") pass=$((pass + 1));;
*) fail=$((fail + 1)); echo "$suite: kprobe errors after clear printed: $after";;
esac
# Linux's \IMM and \"TEXT", symstr, arrays and bitfields: "fetchtest"
# starts with 'f' (102) and 'e' (101); 102's bits 4-7 are 6.
expect_lines "trace_kprobe: error: Array number is too big
  Command: p:tf tracepoint_print_on n=+0(%a0):x8[65]
                                                 ^
  at most 64"
expect "^p:kprobes/tf tracepoint_print_on i=\\\\1234 s=\\\\\"hi\" y=%pc:symstr a=+0(%a0):u8\\[2\\] b=+0(%a0):b4@4/8$"
# u8[2] as one number (Linux): "fe" is 0x66 0x65, little-endian 0x6566;
# the record below passed it.
expect "^a == 0x6566$"
# A parameter by its name in the kernel's BTF, a char * read as a string.
expect "^p:kprobes/tb tracepoint_print_on name=name:string$"
expect ": tb: (tracepoint_print_on+0x0/0x[0-9a-f]*) name=\"fetchtest\"$"
# $arg* listed as Linux lists it, expanded (pasting it back defines the
# same event); $retval typed by the int tracepoint_print_on returns.
expect "^r:kprobes/tr tracepoint_print_on name=name arg2=\\\$retval$"
expect ": tr: ([^)]*<- tracepoint_print_on) name=0x[0-9a-f]* arg2=-[0-9][0-9]*$"
expect ": tf: (tracepoint_print_on+0x0/0x[0-9a-f]*) i=0x4d2 s=\"hi\" y=\"tracepoint_print_on+0x0/0x[0-9a-f]*\" a={102,101} b=6$"
# Hist triggers (Linux's histogram.rst): syscount 3's three getpid
# calls (nr 172) in one entry keyed by its pid, shown by its name;
# the trigger file lists it; Linux's error for a field that is not
# there, with the caret under it; after !hist, no table.
expect_lines '# event histogram
#
# trigger info: hist:keys=common_pid.execname,nr:vals=hitcount,a0:sort=nr:size=2048 if nr == 172 [active]
#
'
expect "^{ common_pid: syscount        \[ *[0-9]*\], nr:        172 } hitcount:          3  a0:          0$"
expect_lines 'Totals:
    Hits: 3
    Entries: 1
    Dropped: 0'
expect "^hist:keys=common_pid.execname,nr:vals=hitcount,a0:sort=nr:size=2048 if nr == 172 \[active\]$"
expect_lines 'trace: trigger hist: error: Couldn'"'"'t find field
  Command: hist:keys=nosuchfield
                     ^'
after=$(printf '%s\n' "$out" | grep -A1 '^ebreak> trace trigger raw_syscalls:sys_enter !hist' | sed -n 2p)
case $after in
"ebreak> trace hist raw_syscalls:sys_enter") pass=$((pass + 1));;
*) fail=$((fail + 1)); echo "$suite: after !hist: $after";;
esac
after=$(printf '%s\n' "$out" | grep -A1 '^ebreak> trace hist raw_syscalls:sys_enter$' | tail -1)
[ "$after" = "ebreak> trace off raw_syscalls:sys_enter" ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: the hist after !hist printed: $after"; }
# The same trigger twice: Linux's EEXIST text; the kfree table is read.
expect "^trace: trigger hist: error: Hist trigger already exists$"
expect "^# trigger info: hist:keys=common_pid:vals=hitcount:sort=hitcount:size=2048 \[active\]$"
expect "^trace: nosuch: no such event (see kprobe and trace)"
# traceoff if nr == 172: the first getpid turns recording off before its
# record (Linux runs the trigger first); tracing_on says 0, the trigger
# file lists it, the ring holds no getpid and counts what came after.
seg=$(printf '%s\n' "$out" | sed -n '/^ebreak> run syscount 2/,/^ebreak> trace tracing_on 1/{p;/tracing_on 1/q}')
case $seg in
*': sys_enter: nr=0xac '*) fail=$((fail + 1)); echo "$suite: a getpid recorded after traceoff";;
*) pass=$((pass + 1));;
esac
expect_lines 'ebreak> trace tracing_on
0'
expect_lines 'ebreak> trace tracing_on
1'
expect "^traceoff:unlimited if nr == 172$"
expect "^# hart [0-9]: [1-9][0-9]* unrecorded (written while tracing was off)$"
# enable_event:raw_syscalls:sys_enter:1 on a kprobe event: sys_enter
# records nothing (syscount 1's getpid) until the kprobe event's hit
# (trace off nothing3), then syscount 4's four getpid calls.
expect "^enable_event:raw_syscalls:sys_enter:count=1$"
seg=$(printf '%s\n' "$out" | sed -n '/^ebreak> kprobe -:ee/,/^ebreak> trace clear/{p;/trace clear/q}')
case $(printf '%s\n' "$seg" | grep -c ': sys_enter: nr=0xac ') in
4) pass=$((pass + 1));;
*) fail=$((fail + 1)); echo "$suite: getpid records after enable_event not syscount 4's";;
esac
expect_report
