/*
 * start_block_vmo (cairn/start_vmo.h): a start block written into a VMO of
 * its own, handed back narrowed to what the child needs.
 */
#include "cairn/start_vmo.h"

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/sys.h"
#include "start_block.h"

_Static_assert(START_BLOCK_MAX == CAIRN_PAGE_SIZE, "a start block is one page");
_Static_assert(START_ROLES_MAX == CAIRN_SPAWN_HANDLES_MAX + 1, "a role for every initial handle");

/* Encodes the block into the VMO through a mapping at va that lasts only for the copy. */
static long write_block(cairn_handle_t self, cairn_handle_t vmo, uintptr_t va,
			const char *const *argv, uint32_t argc, const char *const *roles,
			uint32_t nroles)
{
	size_t len = 0;
	long rc = cairn_vmo_map(self, vmo, va, CAIRN_PROT_READ | CAIRN_PROT_WRITE);

	if (rc < 0)
		return rc;
	/* the mapping is the page: its address is the caller's to give */
	rc = start_block_encode((uint8_t *)va, START_BLOCK_MAX, // NOLINT(performance-no-int-to-ptr)
				argv, argc, roles, nroles, &len);
	(void)cairn_vmo_unmap(self, va);
	return rc;
}

long start_block_vmo(cairn_handle_t self, uintptr_t va, const char *const *argv, uint32_t argc,
		     const char *const *roles, uint32_t nroles)
{
	size_t size = start_block_size(argv, argc, roles, nroles);
	long vmo;
	long rc;

	if (size == 0)
		return argc == 0 || argc > START_ARGS_MAX || nroles == 0 || nroles > START_ROLES_MAX
			       ? ERR_RANGE
			       : ERR_INVAL;
	if (size > START_BLOCK_MAX)
		return ERR_RANGE;
	vmo = cairn_vmo_create(self, START_BLOCK_MAX);
	if (vmo < 0)
		return vmo;
	rc = write_block(self, (cairn_handle_t)vmo, va, argv, argc, roles, nroles);
	if (rc == 0)
		rc = cairn_handle_dup((cairn_handle_t)vmo, START_BLOCK_RIGHTS);
	(void)cairn_handle_close((cairn_handle_t)vmo);
	return rc;
}
