/* The kernel shell's `ftrace` command (ftrace_cmd.c). */
#ifndef KERNEL_TRACE_FTRACE_CMD_H
#define KERNEL_TRACE_FTRACE_CMD_H

/* `ftrace [function|graph PATTERN... | off | available [GLOB] |
 * cpumask HEX | max_graph_depth N | thresh USECS]`: the function and
 * function_graph tracers (docs/ftrace.md); no argument prints their
 * state. */
void ftrace_command(const char *args);

#endif
