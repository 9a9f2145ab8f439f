#!/bin/sh
# Boots the kernel straight into its shell (nosh) and drives the function
# and function_graph tracers as a user would: trace the shell's command
# functions, a graph of harts' printing, the whole kernel while programs
# run (one checking its registers survive), bad patterns refused; the printed lines must parse as Linux's
# function and function_graph formats. Prints
# `ftrace-shell: N passed, N failed`.
#   tests/kernel/ftrace_shell-check.sh QEMU-COMMAND...
session='ftrace
kprobe p:kh cmd_harts
ftrace function cmd_*
harts
ftrace off
trace show
kprobe -:kh
trace clear
ftrace graph cmd_harts printf
harts
ftrace off
trace show
ftrace function nosuchfn
ftrace function cmd_harts !cmd_harts
ftrace function !cmd_*
ftrace cpumask 0
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
poweroff
'
suite=ftrace-shell
. tests/kernel/expect.sh
type_session "$@"
expect "^function: 0 functions, function_graph: 0 functions, cpumask f, max_graph_depth 0, thresh 0 us, missed 0$"
expect "^ftrace: function on 1[0-9] functions$"
# Linux's function tracer: COMM-PID [CPU] TIMESTAMP: func <-caller
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: cmd_harts <-shell$"
# A kprobe event on a traced function's site: both record, and stopping
# the tracer leaves the event's records in the ring.
expect "^ *swapper/[0-9]-0  *\[00[0-9]\]  *[0-9]*\.[0-9]\{6\}: kh: (cmd_harts+0x0/0x[0-9a-f]*)$"
# function_graph: CPU) DURATION | tree
expect "^ [0-9])               |  cmd_harts() {$"
expect "^ [0-9]) [ +!#] *[0-9]*\.[0-9]* us  *|    printf();$"
expect "^ [0-9]) [ +!#] *[0-9]*\.[0-9]* us  *|  }$"
expect_absent "^ [0-9]) .*|      "	# nothing deeper than printf under cmd_harts
expect "^ftrace: function: 'nosuchfn' matches no function with a patchable entry$"
expect "^ftrace: function: no pattern of functions to trace (only exclusions)$"
expect "^ftrace: function: the exclusions leave no function to trace$"
expect "^usage: ftrace "
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
expect "^bye"
expect_report
