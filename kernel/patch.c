/*
 * Code patching: the one way to change kernel text (and probe slots,
 * which live in text). Writes go through the writable alias of the text
 * pages, since the text mapping itself is read+execute only.
 */
#include "defs.h"
#include "riscv.h"
#include <ebreak/errno.h>

static struct spinlock patch_lock = SPINLOCK_INIT("patch");

EB_NOPROBE static void
sync_icache(void *unused)
{
	/* The writing hart's stores are ordered before the IPI that runs
	 * this; fence.i then orders them before this hart's fetches. */
	fence_i();
}

/*
 * Write len bytes of code at addr, in text, and make every hart fetch
 * them: on return no hart can still execute the old bytes. Returns 0 or
 * -EINVAL if the range is not kernel text. Not in trap context. Inside
 * stop_machine the other harts are parked and fence.i when released, so
 * then only this hart's fence.i is needed.
 * A 2- or 4-byte naturally aligned write is one store, so another hart
 * sees the old or the new instruction, never a mix.
 */
EB_NOPROBE int
text_patch(void *addr, const void *insn, size_t len)
{
	unsigned long a = (unsigned long)addr;

	if (a < (unsigned long)_text || a + len > (unsigned long)_etext ||
	    a + len < a)
		return -EINVAL;
	void *alias = (void *)(a + TEXT_ALIAS_OFFSET);
	spin_lock(&patch_lock);
	if (len == 4 && a % 4 == 0)
		__atomic_store_n((uint32_t *)alias, *(const uint32_t *)insn,
				 __ATOMIC_RELAXED);
	else if (len == 2 && a % 2 == 0)
		__atomic_store_n((uint16_t *)alias, *(const uint16_t *)insn,
				 __ATOMIC_RELAXED);
	else
		memcpy(alias, insn, len);
	fence_i();
	spin_unlock(&patch_lock);
	if (!world_stopped)
		smp_call_all(sync_icache, 0);
	return 0;
}
