/*
 * The three forms of a patchable function entry on RISC-V
 * (ftrace_arch.h), written through the port's text patching.
 */
#include "ftrace_arch.h"
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include <ebreak/riscv.h>

#define C_J_8		0xa021u		/* c.j +8 */
#define C_NOP		0x0001u		/* c.nop */
#define NOP		0x00000013u	/* addi x0, x0, 0 */
#define RV_RA		1
#define RV_T0		5

extern char ftrace_caller[], ftrace_call[];	/* ftrace_caller.S */

int
ftrace_make_nop(uintptr_t site)
{
	uint16_t code[4] = { C_J_8, C_NOP, NOP & 0xffff, NOP >> 16 };

	return eb_port_text_patch((void *)site, code, sizeof code);
}

/* The on form at site: auipc t0 and jalr t0, calling ftrace_caller. */
static void
call_form(uintptr_t site, uint32_t code[2])
{
	long off = (long)((uintptr_t)ftrace_caller - site);
	/* jalr adds a sign-extended 12-bit lo: round hi up when lo < 0. */
	uint32_t hi = (uint32_t)((off + 0x800) >> 12) & 0xfffff;
	uint32_t lo = (uint32_t)off & 0xfff;

	code[0] = hi << 12 | RV_T0 << 7 | 0x17;			/* auipc t0, hi */
	code[1] = lo << 20 | RV_T0 << 15 | RV_T0 << 7 | 0x67;	/* jalr t0, lo(t0) */
}

int
ftrace_make_call(uintptr_t site)
{
	uint32_t code[2];

	call_form(site, code);
	return eb_port_text_patch((void *)site, code, sizeof code);
}

bool
ftrace_direct_reaches(uintptr_t site, uintptr_t tramp)
{
	long off = (long)(tramp - site);

	return off >= -(1l << 20) && off < 1l << 20;
}

int
ftrace_make_direct(uintptr_t site, uintptr_t tramp)
{
	uint32_t code[2];

	if (!ftrace_direct_reaches(site, tramp))
		return -ERANGE;
	call_form(site, code);	/* its jalr stays at +4: ftrace_arch.h */
	code[0] = rv_jal_x0((long)(tramp - site)) | RV_T0 << 7;	/* jal t0 */
	return eb_port_text_patch((void *)site, code, sizeof code);
}

int
ftrace_update_ftrace_func(void (*func)(struct pt_regs *regs))
{
	long off = (long)((uintptr_t)func - (uintptr_t)ftrace_call);
	uint32_t jal = rv_jal_x0(off) | RV_RA << 7;	/* jal ra, func */

	if (off < -(1l << 20) || off >= 1l << 20)
		return -ERANGE;
	return eb_port_text_patch(ftrace_call, &jal, sizeof jal);
}
