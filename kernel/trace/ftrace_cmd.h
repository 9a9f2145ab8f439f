/* The kernel shell's `ftrace` command (ftrace_cmd.c). */
#ifndef KERNEL_TRACE_FTRACE_CMD_H
#define KERNEL_TRACE_FTRACE_CMD_H

/* `ftrace [function|graph PATTERN... | graph_function|graph_notrace
 * [PATTERN...] | pid [ID...] | off | available [GLOB] | cpumask HEX |
 * max_graph_depth N | thresh USECS]`: the function and
 * function_graph tracers (docs/ftrace.md); no argument prints their
 * state. */
void ftrace_command(const char *args);

/* `CMD pid [ID...]`: set list (EB_TRACE_PIDS_*, <ebreak/trace_pid.h>)
 * to the task ids in args (none: empty, every task), then print it as
 * trace_pid_print; a word that is not an id, or too many, said and
 * nothing changed (trace_pid_cmd.c). */
void trace_pid_command(const char *cmd, unsigned list, const char *args);

/* The task ids in list, one line: `CMD: pid: tasks 3 5` or `CMD: pid:
 * every task`. */
void trace_pid_print(const char *cmd, unsigned list);

#endif
