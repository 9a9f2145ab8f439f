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
expect "^function: 0 functions, function_graph: 0 functions, cpumask f, max_graph_depth 0, thresh 0 us, missed 0$"
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
expect "^ftrace: function: no pattern of functions to trace (only exclusions)$"
expect "^ftrace: function: the exclusions leave no function to trace$"
expect "^usage: ftrace "
# A setting's bad value is named, with what the setting takes.
expect "^ftrace: cpumask 0 names no hart (this kernel has f)$"
expect "^ftrace: cpumask: 'zz' is not a mask in hex (up to 16 digits)$"
expect "^ftrace: max_graph_depth: '99999999999' is not a depth in calls (0: no limit)$"
expect "^ftrace: thresh: '-1' is not a time in microseconds (0: off)$"
# tracing_cpumask: a mask of no hart is refused; all ones (64 bits) is
# taken and printed as Linux prints it, the harts there are only.
expect "^ftrace: cpumask 10 names no hart (this kernel has f)$"
expect "^function: 0 functions, function_graph: 0 functions, cpumask 1, "
expect "^ftrace: function: '!' names no function to exclude$"
expect "^ftrace: function on [0-9]* functions$"
expect "^hi$"
# A user program's registers come back whole from every trap while both
# tracers follow every function of the kernel (spin checks its sum).
expect "^spin: 5000000 steps done$"
# (thresh given after two spaces, as a shell line may have them)
expect "^function: 0 functions, function_graph: 0 functions, cpumask f, max_graph_depth 3, thresh 10 us, missed [0-9]*$"
# available_filter_functions: a traceable function is listed, the
# library's (never-probed, no patchable entry) is not.
expect "^cmd_harts$"
expect "^ftrace: 1 of [0-9]* functions can be traced$"
expect "^ftrace: 0 of [0-9]* functions can be traced$"
expect "^ftrace: function on 1 function$"
# No pattern is every function, as Linux's empty filter: as many as
# available lists.
all=$(printf '%s\n' "$out" | sed -n 's/^ftrace: 1 of \([0-9]*\) functions can be traced$/\1/p')
expect "^ftrace: function_graph on $all functions$"
expect "^bye"
expect_report
