/* Refused: a program section of a kind the loader does not know. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

SEC("uprobe/bin/sh:main")
int on_main(void *ctx)
{
	return 0;
}
