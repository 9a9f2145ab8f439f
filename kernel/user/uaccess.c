/*
 * Copies between the kernel and the current user address space. A bad
 * user pointer is an error (-EFAULT), never a kernel fault: addresses
 * outside user memory are refused up front, and a fault on an unmapped
 * or read-only user page is caught by the exception table
 * (copy_nofault and write_nofault in uaccess.S).
 */
#include "user/user.h"
#include "riscv.h"
#include <ebreak/errno.h>

static bool
in_user(unsigned long va, size_t len)
{
	return va >= USER_BASE && va + len <= USER_TOP && va + len >= va;
}

/* Copy len bytes from user address src: 0 or -EFAULT. Runs in the
 * process's address space (uvm_switch). */
int
copy_from_user(void *dst, unsigned long src, size_t len)
{
	if (!in_user(src, len))
		return -EFAULT;
	/* SUM lets S-mode touch U pages, only for this copy. */
	csr_set(sstatus, SSTATUS_SUM);
	int err = copy_nofault(dst, (const void *)src, len);
	csr_clear(sstatus, SSTATUS_SUM);
	return err;
}

/* Copy len bytes to user address dst: 0 or -EFAULT. */
int
copy_to_user(unsigned long dst, const void *src, size_t len)
{
	if (!in_user(dst, len))
		return -EFAULT;
	csr_set(sstatus, SSTATUS_SUM);
	int err = write_nofault((void *)dst, src, len);
	csr_clear(sstatus, SSTATUS_SUM);
	return err;
}

/* Copy the string at user address src into dst (size bytes with the
 * NUL): its length, -EFAULT, or -ENAMETOOLONG. */
long
strncpy_from_user(char *dst, unsigned long src, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (copy_from_user(&dst[i], src + i, 1))
			return -EFAULT;
		if (dst[i] == 0)
			return i;
	}
	return -ENAMETOOLONG;
}

/* Whether all of [va, va+len) is mapped user-writable in pt: checked
 * before a syscall blocks, so a bad buffer fails at once rather than
 * after the wait (read of a console with no input yet). */
bool
user_writable(uint64_t *pt, unsigned long va, size_t len)
{
	if (len == 0)
		return true;	/* as Linux: nothing is written */
	if (!in_user(va, len))
		return false;
	for (unsigned long a = PGROUNDDOWN(va); a < va + len; a += PGSIZE) {
		unsigned perm;
		if (!uvm_page(pt, a, &perm) || !(perm & PTE_U_W))
			return false;
	}
	return true;
}
