/*
 * Kernel page table (Sv39), shared by all harts.
 *
 * RAM and devices are identity-mapped. Kernel text is read+execute only
 * and rodata read-only (W^X): nothing can write code through its own
 * address. Code patching writes through a second, writable mapping of
 * the text pages at text + TEXT_ALIAS_OFFSET (see patch.c).
 *
 * Sv39 virtual address:
 *   38      30 29      21 20      12 11        0
 *  +----------+----------+----------+-----------+
 *  | VPN[2]   | VPN[1]   | VPN[0]   | offset    |
 *  +----------+----------+----------+-----------+
 * PTE: PPN at bit 10, flags V R W X U G A D in bits 0-7.
 */
#include "defs.h"
#include "riscv.h"

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PA2PTE(pa) (((unsigned long)(pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define VPN(va, level) (((va) >> (12 + 9 * (level))) & 0x1ff)
#define SATP_SV39 (8UL << 60)

#define UART0		0x10000000UL
#define PLIC		0x0c000000UL
#define PLIC_SIZE	0x400000UL
#define VIRT_TEST	0x100000UL

static uint64_t *kernel_pagetable;

/* The level-0 PTE for va, allocating page-table pages on the way. */
static uint64_t *
walk(uint64_t *pt, unsigned long va)
{
	for (int level = 2; level > 0; level--) {
		uint64_t *pte = &pt[VPN(va, level)];
		if (!(*pte & PTE_V)) {
			uint64_t *next = page_alloc(1);
			if (!next)
				panic("walk: out of memory");
			*pte = PA2PTE(next) | PTE_V;
		}
		pt = (uint64_t *)PTE2PA(*pte);
	}
	return &pt[VPN(va, 0)];
}

/* Map [va, va+size) to pa with perm; A and D preset so no hart traps
 * to set them (Svade). */
static void
map(unsigned long va, unsigned long pa, unsigned long size, unsigned long perm)
{
	for (unsigned long off = 0; off < size; off += PGSIZE)
		*walk(kernel_pagetable, va + off) =
			PA2PTE(pa + off) | perm | PTE_V | PTE_G | PTE_A | PTE_D;
}

/* Build the kernel page table. Boot hart, before the others start. */
void
kvm_init(unsigned long ram_end)
{
	unsigned long text = (unsigned long)_text, etext = (unsigned long)_etext;
	unsigned long rodata = (unsigned long)_rodata;
	unsigned long data = (unsigned long)_erodata;

	kernel_pagetable = page_alloc(1);
	map(VIRT_TEST, VIRT_TEST, PGSIZE, PTE_R | PTE_W);
	map(UART0, UART0, PGSIZE, PTE_R | PTE_W);
	map(PLIC, PLIC, PLIC_SIZE, PTE_R | PTE_W);
	map(text, text, etext - text, PTE_R | PTE_X);
	map(rodata, rodata, data - rodata, PTE_R);
	map(data, data, ram_end - data, PTE_R | PTE_W);
	map(text + TEXT_ALIAS_OFFSET, text, etext - text, PTE_R | PTE_W);
}

/* The R/W/X bits mapping va (0 if unmapped), for checking W^X. */
unsigned long
kvm_perm(unsigned long va)
{
	uint64_t *pt = kernel_pagetable;

	for (int level = 2; level >= 0; level--) {
		uint64_t pte = pt[VPN(va, level)];
		if (!(pte & PTE_V))
			return 0;
		if (pte & (PTE_R | PTE_X))
			return pte & (PTE_R | PTE_W | PTE_X);
		pt = (uint64_t *)PTE2PA(pte);
	}
	return 0;
}

/* The kernel page table's root: user page tables share its entries
 * (kernel/user/uvm.c). */
uint64_t *
kvm_root(void)
{
	return kernel_pagetable;
}

/* Turn on paging on this hart; also how a hart leaves a user address
 * space. */
void
kvm_inithart(void)
{
	/* Order the page-table stores before the walker can read them. */
	sfence_vma();
	csr_write(satp, SATP_SV39 | ((unsigned long)kernel_pagetable >> 12));
	sfence_vma();
}
