#!/bin/sh
# Boots the kernel straight into its shell (nosh) and drives the function
# and function_graph tracers as a user would: trace the shell's command
# functions, a graph of harts' printing, the whole kernel while programs
# run (one checking its registers survive), bad patterns refused; the
# printed lines must parse as Linux's function and function_graph
# formats, `trace show`'s header must be Linux's for the tracer on (nop,
# function, function_graph), a kprobe event among graph lines a
# comment in the tree, `trace show` whole while its own printing is
# traced (tracing paused as it prints), a bad setting named. Prints
# `ftrace-shell: N passed, N failed`.
#   tests/kernel/ftrace_shell-check.sh QEMU-COMMAND...
cc=$(printf '\003')	# ^C, ending a trace pipe
session='ftrace
kprobe p:kh cmd_harts
ftrace function cmd_*
harts
trace show
ftrace off
trace show
kprobe -:kh
trace clear
ftrace graph cmd_harts printf
harts
ftrace off
trace show
trace clear
kprobe p:kv vprintf
ftrace graph cmd_harts printf
harts
ftrace off
kprobe -:kv
trace show
trace clear
kprobe p:kv vprintf
ftrace graph cmd_harts printf
harts
trace show
ftrace off
kprobe -:kv
trace clear
ftrace graph cmd_ps
ftrace function cmd_harts
harts
trace show
ftrace off
trace clear
trace show
ftrace function nosuchfn
ftrace function cmd_harts !cmd_harts
ftrace function !cmd_*
ftrace off
ftrace available cmd_*
ftrace function !*
ftrace cpumask 0
ftrace cpumask zz
ftrace max_graph_depth 99999999999
ftrace thresh -1
ftrace bogus
ftrace cpumask 1
ftrace cpumask 10
ftrace
ftrace cpumask ffffffffffffffff
ftrace function !
ftrace function * !printf
run echo hi
ftrace graph *
run spin k5000
ftrace off
ftrace max_graph_depth 3
ftrace thresh  10
ftrace
ftrace available cmd_har*
ftrace available kprobe_ftrace_handler
ftrace function cmd_harts
ftrace off
ftrace graph
ftrace off
trace clear
ftrace max_graph_depth 2
ftrace thresh 0
ftrace graph_function cmd_harts
ftrace graph_notrace vprintf
ftrace
ftrace graph
harts
ftrace off
trace show
ftrace graph_notrace
ftrace graph_function
ftrace graph_function nosuchfn
trace clear
trace marker hello from the shell
trace show
trace show 0
trace show 1
trace show 2
trace show 3
trace show 4
trace clear
trace marker piped
'"$(for h in 0 1 2 3; do printf 'trace pipe %s\n#wait ^ebreak> trace pipe %s$\n%s\n' $h $h "$cc"; done)"'
trace show
trace clear
kprobe p:kh cmd_harts
kprobe p:mygrp/kp cmd_ps
trace off kprobes
harts
ps
trace off *:*
ps
trace on kprobes:kh
harts
trace on sched
trace
trace off sched:*
trace on *
trace
trace off *
trace
trace on nosuch:*
kprobe -:kh
kprobe -:kp
trace show
trace pid 5 7
trace pid x
trace pid 99999999999999999999999
trace pid 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
trace pid 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
trace marker MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM
trace show
trace on sched:task_spawn
run echo filtered
trace pid
run echo unfiltered
trace show
trace off sched
ftrace pid 3
ftrace
ftrace pid
poweroff
'
suite=ftrace-shell
. tests/kernel/expect.sh
type_session "$@"
# Headers are checked as whole lines; the counts of entries vary.
out=$(printf '%s\n' "$out" |
	sed 's|entries-written: [1-9][0-9]*/[0-9]*|entries-written: N/N|')
columns='#
#           TASK-PID     CPU#     TIMESTAMP  FUNCTION
#              | |         |         |         |'
graph_columns='#
# CPU  DURATION                  FUNCTION CALLS
# |     |   |                     |   |   |   |'
entries='#
# entries-in-buffer/entries-written: N/N   #P:4'
status0="function: 0 functions, function_graph: 0 functions, graph_function: 0 functions, graph_notrace: 0 functions"
expect "^$status0, cpumask f, max_graph_depth 0, thresh 0 us, missed 0$"
expect "^ftrace: function on 1[0-9] functions$"
# Linux's function tracer: COMM-PID [CPU] TIMESTAMP: func <-caller
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: cmd_harts <-shell$"
# A kprobe event on a traced function's site: both record, and stopping
# the tracer leaves the event's records in the ring.
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: kh: (cmd_harts+0x0/0x[0-9a-f]*)$"
# Linux's header: the tracer on, then the function tracer's columns
# (while it is on, and after ftrace off, when nop is).
expect_lines "# tracer: function
$entries
$columns"
expect_lines "# tracer: nop
$entries
$columns"
# function_graph: CPU) DURATION | tree
expect "^ [0-9])               |  cmd_harts() {$"
expect "^ [0-9]) [ +!#] *[0-9]*\.[0-9]* us  *|    printf();$"
expect "^ [0-9]) [ +!#] *[0-9]*\.[0-9]* us  *|  }$"
expect_absent "^ [0-9]) .*|      [a-z]"	# nothing deeper than printf under cmd_harts
# The graph's header (Linux's function_graph columns) while it is on
# (on cmd_ps: what trace show calls, printf, would fill the ring as it
# is read), with the function tracer on too (function_graph is named,
# the function tracer's line keeps its columns: the third cmd_harts
# line), and for the tree it left after ftrace off, when nop is the
# tracer.
expect_lines "# tracer: function_graph
$entries
$graph_columns"
expect_lines "# tracer: nop
$entries
$graph_columns"
expect_count 3 "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: cmd_harts <-shell$" \
	"function records"
# A kprobe event inside a graphed call (vprintf, called by printf, called
# by cmd_harts): a comment in the tree at the depth of printf's callees.
expect "^ [0-9])               |    printf() {$"
expect "^ [0-9])               |      /\* kv: (vprintf+0x0/0x[0-9a-f]*) \*/$"
# trace show while its own printing is traced (printf, vprintf: three
# records a line, a ring's worth long before the end) pauses tracing, as
# Linux's `cat trace` does: every record it counts prints, and no return
# is left without its entry line.
expect_absent "overwritten while being read"
expect_absent "} /\* printf \*/"
# Cleared with no tracer on: nop's header over an empty ring.
expect_lines "# tracer: nop
#
# entries-in-buffer/entries-written: 0/0   #P:4
$columns"
expect "^ftrace: function: 'nosuchfn' matches no function with a patchable entry$"
# Only exclusions: every function but theirs (Linux's empty
# set_ftrace_filter with set_ftrace_notrace), as many as available lists
# less the cmd_* ones.
all=$(printf '%s\n' "$out" | sed -n 's/^ftrace: 1 of \([0-9]*\) functions can be traced$/\1/p')
cmds=$(printf '%s\n' "$out" | sed -n 's/^ftrace: \([0-9]*\) of [0-9]* functions can be traced$/\1/p' | sort -n | tail -1)
expect "^ftrace: function on $((all - cmds)) functions$"
expect_count 2 "^ftrace: function: the exclusions leave no function to trace$" \
	"refusals of exclusions that leave nothing"
expect "^usage: ftrace "
# A setting's bad value is named, with what the setting takes.
expect "^ftrace: cpumask 0 names no hart (this kernel has f)$"
expect "^ftrace: cpumask: 'zz' is not a mask in hex (up to 16 digits)$"
expect "^ftrace: max_graph_depth: '99999999999' is not a depth in calls (0: no limit)$"
expect "^ftrace: thresh: '-1' is not a time in microseconds (0: off)$"
# tracing_cpumask: a mask of no hart is refused; all ones (64 bits) is
# taken and printed as Linux prints it, the harts there are only.
expect "^ftrace: cpumask 10 names no hart (this kernel has f)$"
expect "^$status0, cpumask 1, "
expect "^ftrace: function: '!' names no function to exclude$"
expect "^ftrace: function on [0-9]* functions$"
expect "^hi$"
# A user program's registers come back whole from every trap while both
# tracers follow every function of the kernel (spin checks its sum).
expect "^spin: 5000000 steps done$"
# (thresh given after two spaces, as a shell line may have them)
expect "^$status0, cpumask f, max_graph_depth 3, thresh 10 us, missed [0-9]*$"
# available_filter_functions: a traceable function is listed, the
# library's (never-probed, no patchable entry) is not.
expect "^cmd_harts$"
expect "^ftrace: 1 of [0-9]* functions can be traced$"
expect "^ftrace: 0 of [0-9]* functions can be traced$"
expect "^ftrace: function on 1 function$"
# No pattern is every function, as Linux's empty filter: as many as
# available lists.
expect "^ftrace: function_graph on $all functions$"
# set_graph_function and set_graph_notrace: with the tracer on every
# function, only cmd_harts's calls are graphed, printf's a leaf each
# (vprintf, all it calls, skipped): every line at depth 0 is cmd_harts's
# (a call outside it, on any hart, none), and 1 function is singular.
# (An interrupt taken in cmd_harts is followed too, as Linux's default
# funcgraph-irqs does: max_graph_depth 2 keeps the tree to cmd_harts and
# what it calls, so one inside printf leaves it a leaf.)
expect "^ftrace: graph_function on 1 function$"
expect "^function: 0 functions, function_graph: 0 functions, graph_function: 1 function, graph_notrace: 1 function, "
graph=$(printf '%s\n' "$out" | sed -n '/^ebreak> ftrace graph_function cmd_harts$/,/^ebreak> ftrace graph_notrace$/p')
section() { out=$1; }
whole=$out
section "$graph"
expect "^ [0-9])               |  cmd_harts() {$"
expect_count 4 "^ [0-9]) [ +!#*@] *[0-9]*\.[0-9]* us  *|    printf();$" "printf leaves (4 lines of harts)"
expect "^ [0-9]) [ +!#*@] *[0-9]*\.[0-9]* us  *|  }$"
expect_absent "vprintf()"
expect_absent "^ [0-9]) [^|]*|  [^ c}]"	# depth 0: cmd_harts or its brace
expect_absent "^ [0-9]) [^|]*|  c[^m]"
section "$whole"
expect "^ftrace: graph_notrace on 0 functions$"
expect "^ftrace: graph_function: 'nosuchfn' matches no function with a patchable entry$"
# trace_marker: Linux's print record, in the shell's task; the per-hart
# read that shows it is its hart's (the CPU column), the others show
# nothing, and a hart the kernel has not is refused.
marker="^ *swapper/[0-9]-0  *\[00\([0-9]\)\]  *[0-9]*\.[0-9]\{6\}: tracing_mark_write: hello from the shell$"
expect "$marker"
hart=$(printf '%s\n' "$out" | sed -n "s|$marker|\\1|p" | head -1)
for h in 0 1 2 3; do
	section "$(printf '%s\n' "$whole" | sed -n "/^ebreak> trace show $h\$/,/^ebreak> /p")"
	if [ "$h" = "$hart" ]; then
		expect "$marker"
		expect "^# entries-in-buffer/entries-written: N/N   #P:4$"	# 1/1, as the header rewrite above shows it
	else
		expect_absent "tracing_mark_write"
		expect "^# entries-in-buffer/entries-written: 0/0   #P:4$"
	fi
done
section "$whole"
expect "^trace: show: '4' is not a hart (this kernel has 0-3)$"
# per_cpu/cpuN/trace_pipe: the marker's record comes out of its hart's
# pipe alone, once, consumed (the trace show after it has none).
piped="^ *swapper/[0-9]-0  *\[00\([0-9]\)\]  *[0-9]*\.[0-9]\{6\}: tracing_mark_write: piped$"
expect_count 1 "$piped" "piped marker records"
phart=$(printf '%s\n' "$out" | sed -n "s|$piped|\\1|p" | head -1)
section "$(printf '%s\n' "$whole" | sed -n "/^ebreak> trace pipe $phart\$/,/^ebreak> /p")"
expect "$piped"
section "$whole"
section "$(printf '%s\n' "$whole" |
	sed -n '\|^ebreak> kprobe p:mygrp/kp cmd_ps$|,\|^ebreak> trace pid 5 7$|p')"
# set_event's forms: a group (kprobes: kh, not mygrp's kp), *:* (all),
# GROUP:EVENT of a kprobe event, a group of tracepoints, a bare *.
expect_count 1 ": kh: (cmd_harts+0x0/" "kh records (on only for the second harts)"
expect_count 1 ": kp: (cmd_ps+0x0/" "kp records (off by *:* for the second ps)"
expect "^sched:task_spawn  *on "
expect "^raw_syscalls:sys_enter  *off "
expect "^raw_syscalls:sys_enter  *on "
expect "^trace: on nosuch:\*: no such tracepoint or kprobe event (see trace and kprobe)$"
section "$whole"
# set_ftrace_pid and set_event_pid: the lists as set, or every task.
expect "^trace: pid: tasks 5 7$"
expect "^trace: pid: 'x' is not a task id (a number, as ps's TASK)$"
expect "^trace: pid: '99999999999999999999999' is not a task id (a number, as ps's TASK)$"
expect "^trace: pid: tasks 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16$"
expect "^trace: pid: more than 16 task ids$"
expect_count 2 "^trace: pid: tasks " "pid lists printed (5 7, the 16 ids; none for a refusal)"
# A marker longer than a record holds is refused whole, not cut: the
# ring read after it has no marker record.
expect "^trace: marker: 196 characters, more than a record holds (195)$"
expect_absent "tracing_mark_write: MMM"
expect "^trace: pid: every task$"
# set_event_pid on a tracepoint: the shell (id 0, not in the 16 ids)
# spawns each program; only the spawn after the list is emptied records.
section "$(printf '%s\n' "$whole" | sed -n '/^ebreak> trace on sched:task_spawn$/,/^ebreak> trace off sched$/p')"
expect "^filtered$"
expect_count 1 ": task_spawn: task=0x[0-9a-f]* id=" "task_spawn records (none while the shell's id was not listed)"
section "$whole"
expect "^ftrace: pid: task 3$"
expect "^ftrace: pid: every task$"
expect "^bye"
expect_report
