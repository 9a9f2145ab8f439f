/*
 * User page tables (Sv39). A user page table is a root page whose
 * entries are the kernel root's, except slot 1 (the user's 1 GiB at
 * USER_BASE), which leads to the process's own level-1 and level-0
 * tables. The kernel's tables are shared, never freed here.
 */
#include "user/user.h"
#include "riscv.h"
#include <ebreak/errno.h>

#define PTE_V (1UL << 0)
#define PTE_U (1UL << 4)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PERM (PTE_U_R | PTE_U_W | PTE_U_X)
#define PA2PTE(pa) (((unsigned long)(pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define VPN(va, level) (((va) >> (12 + 9 * (level))) & 0x1ff)
#define SATP_SV39 (8UL << 60)
#define USER_SLOT VPN(USER_BASE, 2)

_Static_assert(VPN(USER_BASE, 2) == VPN(USER_TOP - 1, 2),
	       "user memory is one root slot");

/* A new user page table with no user pages, or NULL. */
uint64_t *
uvm_create(void)
{
	uint64_t *pt = page_alloc(1);

	if (!pt)
		return 0;
	memcpy(pt, kvm_root(), PGSIZE);
	pt[USER_SLOT] = 0;
	return pt;
}

/* The level-0 PTE of user address va, allocating tables if alloc; NULL
 * if absent or out of memory. */
static uint64_t *
walk(uint64_t *pt, unsigned long va, bool alloc)
{
	for (int level = 2; level > 0; level--) {
		uint64_t *pte = &pt[VPN(va, level)];
		if (!(*pte & PTE_V)) {
			uint64_t *next = alloc ? page_alloc(1) : 0;
			if (!next)
				return 0;
			*pte = PA2PTE(next) | PTE_V;
		}
		pt = (uint64_t *)PTE2PA(*pte);
	}
	return &pt[VPN(va, 0)];
}

/* Map the page at user address va to page (from page_alloc, owned by pt
 * from now on) with perm (PTE_U_*). 0, -ENOMEM, or -EEXIST. */
int
uvm_map(uint64_t *pt, unsigned long va, void *page, unsigned perm)
{
	uint64_t *pte = walk(pt, va, true);

	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_V)
		return -EEXIST;
	/* A and D preset: no hart traps to set them (Svade). */
	*pte = PA2PTE(page) | (perm & PTE_PERM) | PTE_U | PTE_V | PTE_A | PTE_D;
	return 0;
}

/* The page mapped at user address va (and its PTE_U_* perm), or NULL. */
void *
uvm_page(uint64_t *pt, unsigned long va, unsigned *perm)
{
	if (va < USER_BASE || va >= USER_TOP)
		return 0;
	uint64_t *pte = walk(pt, va, false);
	if (!pte || !(*pte & PTE_V))
		return 0;
	if (perm)
		*perm = *pte & PTE_PERM;
	return (void *)PTE2PA(*pte);
}

/* Call fn on each mapped user page of pt. */
static int
each_page(uint64_t *pt, int (*fn)(unsigned long va, uint64_t *pte, void *arg),
	  void *arg)
{
	uint64_t l2 = pt[USER_SLOT];

	if (!(l2 & PTE_V))
		return 0;
	uint64_t *l1 = (uint64_t *)PTE2PA(l2);
	for (unsigned i = 0; i < 512; i++) {
		if (!(l1[i] & PTE_V))
			continue;
		uint64_t *l0 = (uint64_t *)PTE2PA(l1[i]);
		for (unsigned j = 0; j < 512; j++) {
			if (!(l0[j] & PTE_V))
				continue;
			unsigned long va = USER_BASE | (unsigned long)i << 21 |
					   (unsigned long)j << 12;
			int err = fn(va, &l0[j], arg);
			if (err)
				return err;
		}
	}
	return 0;
}

static int
copy_page(unsigned long va, uint64_t *pte, void *to)
{
	void *page = page_alloc(1);

	if (!page)
		return -ENOMEM;
	memcpy(page, (void *)PTE2PA(*pte), PGSIZE);
	int err = uvm_map(to, va, page, *pte & PTE_PERM);
	if (err)
		page_free(page, 1);
	return err;
}

/* Copy every user page of from into to (fork). 0 or -ENOMEM, after
 * which to holds part of the copy: free it with uvm_free. */
int
uvm_copy(uint64_t *from, uint64_t *to)
{
	return each_page(from, copy_page, to);
}

static int
count_page(unsigned long va, uint64_t *pte, void *n)
{
	++*(size_t *)n;
	return 0;
}

/* The number of user pages mapped in pt. */
size_t
uvm_pages(uint64_t *pt)
{
	size_t n = 0;

	each_page(pt, count_page, &n);
	return n;
}

/* Free pt: its user pages, its own tables, its root. No hart may be
 * using it (uvm_switch away first). */
void
uvm_free(uint64_t *pt)
{
	uint64_t l2 = pt[USER_SLOT];

	if (l2 & PTE_V) {
		uint64_t *l1 = (uint64_t *)PTE2PA(l2);
		for (unsigned i = 0; i < 512; i++) {
			if (!(l1[i] & PTE_V))
				continue;
			uint64_t *l0 = (uint64_t *)PTE2PA(l1[i]);
			for (unsigned j = 0; j < 512; j++)
				if (l0[j] & PTE_V)
					page_free((void *)PTE2PA(l0[j]), 1);
			page_free(l0, 1);
		}
		page_free(l1, 1);
	}
	page_free(pt, 1);
}

/* Make pt this hart's address space (kvm_inithart returns to the
 * kernel's). No TLB entry of another address space survives. */
void
uvm_switch(uint64_t *pt)
{
	/* Order the page-table stores before the walker can read them. */
	sfence_vma();
	csr_write(satp, SATP_SV39 | ((unsigned long)pt >> 12));
	sfence_vma();
}
