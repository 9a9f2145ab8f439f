/* Traps: an ebreak round trip keeps every register; handlers' changes to
 * the frame take effect. */
#include "ktest.h"
#include <ebreak/ptregs.h>

#define PAT(n) (0x5a5a000000000000UL + ((unsigned long)(n) << 32) + (n))

void trap_roundtrip_asm(unsigned long after[32], int compressed);
extern char trap_roundtrip_ebreak[], trap_roundtrip_cebreak[];

static bool hook_saw_patterns;
static unsigned long hook_epc;
static unsigned long hook_new_t6;	/* nonzero: the hook changes t6 */

static bool
roundtrip_hook(struct pt_regs *regs)
{
	bool ok = true;

	for (unsigned n = 1; n < 32; n++)
		if (n != 2 && n != 4 && *pt_regs_gpr(regs, n) != PAT(n))
			ok = false;
	hook_saw_patterns = ok;
	hook_epc = regs->epc;
	if (hook_new_t6)
		regs->t6 = hook_new_t6;
	/* ebreak is 4 bytes, c.ebreak 2 */
	regs->epc += (*(uint16_t *)regs->epc & 3) == 3 ? 4 : 2;
	return true;
}

static void
roundtrip(int compressed, const char *where)
{
	unsigned long after[32];

	hook_saw_patterns = false;
	trap_break_hook = roundtrip_hook;
	trap_roundtrip_asm(after, compressed);
	trap_break_hook = 0;
	KEXPECT(hook_saw_patterns);
	KEXPECT_EQ(hook_epc, (unsigned long)where);
	for (unsigned n = 1; n < 32; n++) {
		unsigned long want = n == 31 && hook_new_t6 ? hook_new_t6 : PAT(n);
		if (n != 2 && n != 4 && !KEXPECT_EQ(after[n], want))
			printf("    register x%u\n", n);
	}
}

KTEST(trap, ebreak_roundtrip_keeps_registers)
{
	roundtrip(0, trap_roundtrip_ebreak);
}

KTEST(trap, c_ebreak_roundtrip_keeps_registers)
{
	roundtrip(1, trap_roundtrip_cebreak);
}

KTEST(trap, handler_changes_take_effect)
{
	hook_new_t6 = 0x1234567890abcdefUL;
	roundtrip(0, trap_roundtrip_ebreak);
	hook_new_t6 = 0;
}

KTEST(trap, fault_fixup_returns_efault)
{
	char buf[8] = { 0 };

	/* Unmapped (below the kernel, outside every mapping) and in range. */
	KEXPECT_EQ(copy_nofault(buf, (void *)0x4000, 8), -14);
	KEXPECT_EQ(copy_nofault(buf, _text, 4), 0);
	KEXPECT(memcmp(buf, _text, 4) == 0);
}
