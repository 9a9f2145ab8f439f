#!/bin/bash
# The kernel shell's line editor as a user types at it (issue 15): Tab
# completes a command and a kernel symbol (also after aprobe's -), lists
# the candidates when there are several, the up and down arrows recall
# earlier lines, the left and right arrows, ^A, ^E and ^U edit, ^C drops
# the line being typed. Prints
# `shell-edit: N passed, N failed`.
#   tests/kernel/shell_edit-check.sh QEMU-COMMAND...
suite=shell-edit
. tests/kernel/expect.sh
session=$(printf '%s' \
	'he\t\r' \
	'sy\tkprobe_breakpoint_handl\t\r' \
	'\033[A\r' \
	'p\t\t\003' \
	'kprobe p:tc tracepoint_print_of\t\r' \
	'kprobe\r' \
	'\033[A\033[A\033[B\r' \
	'nosuchcommand\t\003' \
	'\033[Charts\r' \
	'hrts\033[D\033[D\033[Da\r' \
	'garbage\025ps\r' \
	'arts\033[Hh\005\r' \
	'poweroff\003' \
	'kprobe -:tc\r' \
	'aprobe add pipe_read_pol\t\r' \
	'aprobe -pipe_read_pol\t\r' \
	'aprobe\r' \
	'poweroff\r')
session=$(printf "$session")
type_session "$@"
count() { printf '%s\n' "$out" | grep -c -- "$1"; }
expect "^  help  *list the commands"
# syms completed, then its symbol; the up arrow ran it again.
expect "^[0-9a-f]* *[0-9]* kprobe_breakpoint_handler$"
n=$(count "^[0-9a-f]* *[0-9]* kprobe_breakpoint_handler$")
[ "$n" -eq 2 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: syms ran $n times, not 2"; }
# p<Tab><Tab>: the commands starting with p, then ^C.
expect "^poweroff  ps  probes  $"
expect "^p:kprobes/tc tracepoint_print_off$"
# up, up, down: `kprobe` again, so the event is listed twice.
n=$(count "^p:kprobes/tc tracepoint_print_off$")
[ "$n" -eq 2 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: kprobe listed $n times, not 2"; }
expect "^ebreak> nosuchcommand.^C$"   # a bell: nothing to complete
expect "^hart 0: online"
# Cursor keys: left arrows then an insertion, ^U, Home and ^E (^A is
# QEMU's own escape under -nographic):
# each line ran as edited (harts twice more, ps once).
n=$(count "^hart 0: online")
[ "$n" -eq 3 ] && pass=$((pass + 1)) ||
	{ fail=$((fail + 1)); echo "$suite: harts ran $n times, not 3"; }
expect "^  PID  PPID STATE"
expect_absent "unknown command"
# A symbol after aprobe's '-' completes as after add: removed, none left.
expect "^ebreak> aprobe add pipe_read_poll $"
expect "^ebreak> aprobe -pipe_read_poll $"
expect_absent "not probed"
# The ^C'd poweroff did not run: the last line is the real one's.
expect "^ebreak> poweroff^C$"
expect "^bye"
expect_report
