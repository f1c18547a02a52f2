/*
 * copy_from_user and copy_to_user for host tests (kernel/mm/uaccess.c's
 * contract: nothing for a zero length, ERR_BADADDR unless the whole range is
 * mapped with the access needed, else the copy). The kernel reaches user
 * memory at its own virtual address with SUM set; a host process cannot, so
 * these go through the page tables with uaccess_space.c, as the kernel's
 * cross-space copies do.
 */
#include "cairn/abi/errors.h"
#include "cairn/uaccess.h"

int copy_from_user(const pte_t *root, void *dst, uint64_t uva, size_t len)
{
	if (len == 0)
		return 0;
	if (!uaccess_range_ok(root, uva, len, PTE_R))
		return ERR_BADADDR;
	return copy_from_space(root, dst, uva, len);
}

int copy_to_user(const pte_t *root, uint64_t uva, const void *src, size_t len)
{
	if (len == 0)
		return 0;
	if (!uaccess_range_ok(root, uva, len, PTE_R | PTE_W))
		return ERR_BADADDR;
	return copy_to_space(root, uva, src, len);
}
