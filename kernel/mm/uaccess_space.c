/*
 * User memory reached through page tables (cairn/uaccess.h): the one range
 * check every user copy applies (uaccess_range_ok), and the copies to and
 * from an address space the hart need not run on (an IPC partner's), page by
 * page through its leaves and the kernel's identity map of the frames. No
 * SUM, no assembly: the host tests (test_transfer.c) build it as it is, with
 * heap pages playing frames, to drive the IPC transfer decoder.
 */
#include "cairn/abi/errors.h"
#include "cairn/phys.h"
#include "cairn/string.h"
#include "cairn/uaccess.h"
#include "cairn/vm.h"

/* True if no page of the checked range [uva, uva + len) maps device memory. */
static bool uaccess_space_is_ram(const pte_t *root, uint64_t uva, size_t len)
{
	uint64_t first = uva & ~(PTE_PAGE_SIZE - 1);

	for (uint64_t va = first; va < uva + len; va += PTE_PAGE_SIZE) {
		if ((*vm_lookup(root, va) & PTE_DEVICE) != 0)
			return false;
	}
	return true;
}

bool uaccess_range_ok(const pte_t *root, uint64_t uva, size_t len, uint64_t need)
{
	return vm_user_range_ok(root, uva, len, need) && uaccess_space_is_ram(root, uva, len);
}

/* The kernel's pointer to user `uva` of `root`, whose range was checked. */
static uint8_t *uaccess_space_ptr(const pte_t *root, uint64_t uva)
{
	const pte_t *leaf = vm_lookup(root, uva);

	return (uint8_t *)phys_to_ptr(pte_pa(*leaf) + (uva & (PTE_PAGE_SIZE - 1)));
}

/* Bytes from uva to the end of its page, at most len. */
static size_t uaccess_piece(uint64_t uva, size_t len)
{
	size_t piece = PTE_PAGE_SIZE - (uva & (PTE_PAGE_SIZE - 1));

	return piece < len ? piece : len;
}

int copy_from_space(const pte_t *root, void *dst, uint64_t uva, size_t len)
{
	if (len == 0)
		return 0;
	if (!uaccess_range_ok(root, uva, len, PTE_R))
		return ERR_BADADDR;
	for (uint8_t *out = dst; len > 0;) {
		size_t piece = uaccess_piece(uva, len);

		memcpy(out, uaccess_space_ptr(root, uva), piece);
		out += piece;
		uva += piece;
		len -= piece;
	}
	return 0;
}

int copy_to_space(const pte_t *root, uint64_t uva, const void *src, size_t len)
{
	if (len == 0)
		return 0;
	if (!uaccess_range_ok(root, uva, len, PTE_R | PTE_W))
		return ERR_BADADDR;
	for (const uint8_t *in = src; len > 0;) {
		size_t piece = uaccess_piece(uva, len);

		memcpy(uaccess_space_ptr(root, uva), in, piece);
		in += piece;
		uva += piece;
		len -= piece;
	}
	return 0;
}
