/*
 * Writing a start block (RFC-0020, libstart's start_block.h) for a child:
 * the one helper of libcairn that builds on libstart, so a program that
 * calls it links libstart after libcairn (the tree's user_program and the
 * SDK's CAIRN_LIBS both do). The starters are init (a manifest line with
 * `args=`) and the shell (`run`).
 */
#ifndef LIBCAIRN_START_VMO_H
#define LIBCAIRN_START_VMO_H

#include <stdint.h>

#include "cairn/abi/rights.h"

/* What the child's handle to its start block may do: map it read-only, and be passed at spawn. */
#define START_BLOCK_RIGHTS (RIGHT_READ | RIGHT_MAP | RIGHT_TRANSFER)

/*
 * Makes a start block of argv[0..argc) (argv[0] the program's name) and
 * roles[0..nroles) (role i names the child's initial handle i; the block
 * itself is the last, `start`): a one-page VMO charged to the caller through
 * `self` (its handle to itself, with RIGHT_ALLOC and RIGHT_MANAGE), mapped
 * read-write at `va` (a free, page-aligned address of the caller's) only
 * while the block is written, then unmapped.
 *
 * Returns a handle to the VMO with START_BLOCK_RIGHTS alone, for the child's
 * last spawn slot; the caller closes it after the spawn, and the block then
 * lives as long as the child holds it. Or a negative error: start_block_encode's
 * (ERR_RANGE, ERR_INVAL: nothing was made), or vmo_create's, vmo_map's or
 * handle_dup's (nothing is left behind: the VMO is closed, the page unmapped).
 */
long start_block_vmo(cairn_handle_t self, uintptr_t va, const char *const *argv, uint32_t argc,
		     const char *const *roles, uint32_t nroles);

#endif /* LIBCAIRN_START_VMO_H */
