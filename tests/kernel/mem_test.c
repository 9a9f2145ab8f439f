/* Memory: W^X holds, code patching reaches every hart, kmalloc survives
 * every hart at once and leaks nothing. */
#include "ktest.h"
#include "riscv.h"

int patch_target32(void);
int patch_target16(void);

static volatile int seen[NCPU];

static void
call_target(void *fn)
{
	seen[cpuid()] = ((int (*)(void))fn)();
}

/* Run fn on every hart (after warming each one's icache with it). */
static bool
every_hart_returns(int (*fn)(void), int want)
{
	bool ok = true;

	for (unsigned i = 0; i < ncpu; i++) {
		seen[i] = -1;
		if (i == cpuid()) {
			call_target(fn);
		} else {
			smp_work_start(i, call_target, fn);
			smp_work_wait(i);
		}
		if (seen[i] != want) {
			printf("    hart %u: got %d, want %d\n", i, seen[i], want);
			ok = false;
		}
	}
	return ok;
}

/* Patch fn's first instruction (len bytes) to one that makes it return
 * want, check every hart runs the new one, then the old one again. */
static void
patch_seen_by_every_hart(int (*fn)(void), const void *insn, size_t len, int want)
{
	uint32_t old = 0;

	memcpy(&old, fn, len);
	KEXPECT(every_hart_returns(fn, 1));
	KEXPECT_EQ(text_patch(fn, insn, len), 0);
	KEXPECT(every_hart_returns(fn, want));
	KEXPECT_EQ(text_patch(fn, &old, len), 0);
	KEXPECT(every_hart_returns(fn, 1));
}

KTEST(patch, seen_by_every_hart_32bit)
{
	uint32_t li_a0_2 = 0x00200513;	/* addi a0, zero, 2 */

	patch_seen_by_every_hart(patch_target32, &li_a0_2, 4, 2);
}

KTEST(patch, seen_by_every_hart_16bit)
{
	uint16_t c_li_a0_3 = 0x450d;	/* c.li a0, 3 */

	patch_seen_by_every_hart(patch_target16, &c_li_a0_3, 2, 3);
}

/* The port's executable memory: never-probed text, written through
 * text_patch, run by every hart, given back after a grace period and
 * handed out again. */
KTEST(patch, exec_memory_runs_what_text_patch_wrote)
{
	extern char __eb_noprobe_start[], __eb_noprobe_end[];
	static const uint32_t li_a0_7_ret[] = {
		0x00700513,	/* addi a0, zero, 7 */
		0x00008067,	/* jalr zero, 0(ra) */
	};
	char *p = eb_port_exec_alloc(sizeof li_a0_7_ret);

	if (!KEXPECT(p))
		return;
	KEXPECT_EQ((uintptr_t)p % 16, 0);
	KEXPECT(p >= __eb_noprobe_start &&
		p + sizeof li_a0_7_ret <= __eb_noprobe_end);
	KEXPECT_EQ(kvm_perm((unsigned long)p), KVM_R | KVM_X);
	KEXPECT_EQ(eb_port_text_patch(p, li_a0_7_ret, sizeof li_a0_7_ret), 0);
	KEXPECT(every_hart_returns((int (*)(void))p, 7));
	char *q = eb_port_exec_alloc(100);
	KEXPECT(q && q != p);
	eb_grace_period();
	eb_port_exec_free(p, sizeof li_a0_7_ret);
	KEXPECT_EQ(eb_port_exec_alloc(8), p);	/* first fit: p again */
	eb_port_exec_free(p, 8);
	if (q)
		eb_port_exec_free(q, 100);
	KEXPECT(!eb_port_exec_alloc(1 << 30));
}

KTEST(patch, refuses_outside_text)
{
	static uint32_t not_text;
	uint32_t nop = 0x00000013;

	KEXPECT_EQ(text_patch(&not_text, &nop, 4), -22);
	KEXPECT_EQ(text_patch((char *)((uintptr_t)_etext - 2), &nop, 4), -22);
}

KTEST(wx, text_write_faults)
{
	uint32_t nop = 0x00000013, before = *(uint32_t *)patch_target32;

	KEXPECT_EQ(write_nofault(patch_target32, &nop, 4), -14);
	KEXPECT_EQ(*(uint32_t *)patch_target32, before);
}

KTEST(wx, rodata_write_faults)
{
	static const char ro[8] = "ro";
	char c = 'x';

	KEXPECT_EQ(write_nofault((void *)ro, &c, 1), -14);
	KEXPECT_EQ(ro[0], 'r');
}

KTEST(wx, no_page_is_writable_and_executable)
{
	static int data_var;
	unsigned long text = (unsigned long)patch_target32;

	KEXPECT_EQ(kvm_perm(text), KVM_R | KVM_X);
	KEXPECT_EQ(kvm_perm((unsigned long)_rodata), KVM_R);
	KEXPECT_EQ(kvm_perm((unsigned long)&data_var), KVM_R | KVM_W);
	KEXPECT_EQ(kvm_perm(text + TEXT_ALIAS_OFFSET), KVM_R | KVM_W);
	for (unsigned long va = (unsigned long)_text; va < (unsigned long)_end;
	     va += PGSIZE) {
		unsigned long p = kvm_perm(va);
		if (!KEXPECT((p & (KVM_W | KVM_X)) != (KVM_W | KVM_X)))
			printf("    page %lx is W+X\n", va);
	}
}

KTEST(kallsyms, name_to_address)
{
	uintptr_t addr;
	size_t size;

	KEXPECT(kallsyms_lookup_name("kmain", &addr, &size));
	KEXPECT_EQ(addr, (uintptr_t)kmain);
	KEXPECT(size > 16);
	KEXPECT(kallsyms_lookup_name("patch_target32", &addr, &size));
	KEXPECT_EQ(addr, (uintptr_t)patch_target32);
	KEXPECT(!kallsyms_lookup_name("no_such_function", &addr, &size));
}

KTEST(kallsyms, address_to_name)
{
	uintptr_t start;
	size_t size;
	uintptr_t f = (uintptr_t)text_patch;
	const char *name = kallsyms_lookup(f + 8, &start, &size);

	KEXPECT(name && strcmp(name, "text_patch") == 0);
	KEXPECT_EQ(start, f);
	KEXPECT(kallsyms_lookup(f + size - 1, &start, &size) == name);
	KEXPECT(kallsyms_lookup((uintptr_t)_rodata + 64, &start, &size) == 0);
	KEXPECT(kallsyms_count() > 50);
}

/* kmalloc from every hart at once: blocks of many sizes, each filled
 * with its owner's pattern and checked before it is freed. */
static volatile int stress_errors;

static void
kmalloc_stress(void *arg)
{
	enum { LIVE = 32, ROUNDS = 3000 };
	unsigned char *blocks[LIVE] = { 0 };
	size_t sizes[LIVE] = { 0 };
	uint32_t seed = 12345 + cpuid() * 7919;
	unsigned char tag = 0x10 + cpuid();

	for (int r = 0; r < ROUNDS; r++) {
		seed = seed * 1103515245 + 12345;
		int i = (seed >> 8) % LIVE;
		if (blocks[i]) {
			for (size_t k = 0; k < sizes[i]; k++)
				if (blocks[i][k] != tag)
					__atomic_fetch_add(&stress_errors, 1, __ATOMIC_RELAXED);
			kfree(blocks[i]);
		}
		sizes[i] = 1 + (seed >> 16) % (r % 50 == 0 ? 9000 : 700);
		blocks[i] = kmalloc(sizes[i]);
		if (!blocks[i]) {
			__atomic_fetch_add(&stress_errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		memset(blocks[i], tag, sizes[i]);
	}
	for (int i = 0; i < LIVE; i++)
		kfree(blocks[i]);
}

KTEST(kmalloc, stress_every_hart_no_leak)
{
	size_t pages_before = pages_free(), live_before = kmalloc_live_bytes();

	stress_errors = 0;
	ktest_on_every_hart(kmalloc_stress, 0);
	KEXPECT_EQ(stress_errors, 0);
	KEXPECT_EQ(kmalloc_live_bytes(), live_before);
	/* Small blocks keep their pages in the free lists; big ones return. */
	KEXPECT(pages_free() + 64 * ncpu >= pages_before);
}

KTEST(kmalloc, pages_contiguous_and_reused)
{
	size_t before = pages_free();
	char *a = page_alloc(5);

	KEXPECT(a != 0);
	KEXPECT_EQ(pages_free(), before - 5);
	memset(a, 1, 5 * PGSIZE);
	page_free(a, 5);
	KEXPECT_EQ(pages_free(), before);
	KEXPECT(page_alloc(5) == a);
	page_free(a, 5);
}
