/*
 * User memory access through the hart's own address space (cairn/uaccess.h):
 * copy_from_user and copy_to_user, the only code that sets SUM. The range
 * check (uaccess_range_ok, in uaccess_space.c) walks the page tables of the
 * address space the caller names, which must be the one the hart runs on
 * (satp), so that the copy sees exactly the checked pages.
 */
#include "cairn/uaccess.h"

#include "cairn/abi/errors.h"
#include "cairn/phys.h"
#include "cairn/riscv.h"
#include "cairn/string.h"

static void uaccess_open(void)
{
	riscv_sstatus_set(RISCV_SSTATUS_SUM);
}

static void uaccess_close(void)
{
	riscv_sstatus_clear(RISCV_SSTATUS_SUM);
}

int copy_from_user(const pte_t *root, void *dst, uint64_t uva, size_t len)
{
	if (len == 0)
		return 0; /* nothing to read, whatever the pointer */
	if (!uaccess_range_ok(root, uva, len, PTE_R))
		return ERR_BADADDR;
	uaccess_open();
	memcpy(dst, phys_user_ptr(uva), len);
	uaccess_close();
	return 0;
}

int copy_to_user(const pte_t *root, uint64_t uva, const void *src, size_t len)
{
	if (len == 0)
		return 0;
	if (!uaccess_range_ok(root, uva, len, PTE_R | PTE_W))
		return ERR_BADADDR;
	uaccess_open();
	memcpy(phys_user_ptr(uva), src, len);
	uaccess_close();
	return 0;
}
