/* The kernel shell's `bpf` command (bpf_cmd.c). */
#ifndef KERNEL_TRACE_BPF_CMD_H
#define KERNEL_TRACE_BPF_CMD_H

void bpf_command(const char *args);

#endif
