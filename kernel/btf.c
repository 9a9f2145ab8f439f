/*
 * The kernel's BTF, for CO-RE (<ebreak/port.h>'s eb_port_kernel_btf):
 * pahole encodes it from the first link's DWARF and the second link puts
 * it in section .BTF (kernel/module.mk), as Linux's vmlinux carries its
 * own. The types are the kernel's as compiled, so a program's
 * BPF_CORE_READ of struct cpu reads this kernel's layout.
 */
#include <ebreak/port.h>
/* Linux's riscv uapi struct user_regs_struct, the trap frame's first 32
 * words (<ebreak/ptregs.h>): libbpf's bpf_tracing.h reads the context
 * through it (PT_REGS_PARM1_CORE and BPF_KPROBE_SYSCALL relocate its
 * fields), so the BTF must have it. Programs' header declares it; only
 * that type is used here. */
#include <ebreak/vmlinux.h>

/* The linker script's bounds of section .BTF (empty in the first link). */
extern const char __start_BTF[], __stop_BTF[];

/* The embedded BTF, or NULL if this image has none (the first link's). */
const void *
eb_port_kernel_btf(size_t *len)
{
	/* Linux's BTF_TYPE_EMIT: the cast puts the type in the DWARF. */
	(void)(struct user_regs_struct *)0;
	*len = __stop_BTF - __start_BTF;
	return *len ? __start_BTF : NULL;
}
