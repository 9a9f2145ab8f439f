/* The kernel shell's `aprobe` command (aprobe_cmd.c). */
#ifndef KERNEL_TRACE_APROBE_CMD_H
#define KERNEL_TRACE_APROBE_CMD_H

/* `aprobe [add SYMBOL | -SYMBOL]`: list, add or remove async probes,
 * whose events go to the trace ring and, while it records, the
 * timeline. */
void aprobe_command(const char *args);

#endif
