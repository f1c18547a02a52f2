/*
 * The checks of process_spawn that need no kernel state (RFC-0003): the
 * fixed-size arguments against the spawner's priority ceiling, the program
 * (its name, found in a boot image and parsed) with the frames the child
 * will need at most, and whether the child's quota holds them (RFC-0010). sys_spawn.c's decode
 * calls them between its user copies and handle lookups, then compares the frame figure with the
 * free frames; the host tests and the fuzz_spawn target call the same functions.
 *
 * Pure: no globals, no output, no allocation; nothing is changed on failure.
 */
#ifndef CAIRN_SPAWN_H
#define CAIRN_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "cairn/elf.h"
#include "cairn/quota.h"

/* A program spawn found and checked. */
struct spawn_program {
	const void *blob; /* the ELF image, inside the boot image */
	size_t size;
	uint64_t frames; /* spawn_frames of it: root, pages, stack and tables, at most */
};

/*
 * Check `a` for a spawner whose ceiling is `ceiling`. Returns 0, ERR_INVAL
 * (reserved not 0, name_len not 1..CAIRN_NAME_MAX, self_rights outside
 * RIGHTS_ALL), ERR_RANGE (handle_count over CAIRN_SPAWN_HANDLES_MAX,
 * priority over CAIRN_PRIORITY_MAX) or ERR_DENIED (priority over
 * `ceiling`: a child's ceiling never exceeds its spawner's), in that order.
 */
int spawn_args_check(const struct cairn_spawn_args *a, uint32_t ceiling);

/*
 * Frames the child of `prog` needs at most: its root table, every page of
 * every segment and of the stack, and page tables: vm_tables_for each
 * segment's pages, and two for the stack, inside one 2 MiB region. Tables
 * shared between ranges are counted for each: an upper bound.
 */
uint64_t spawn_frames(const struct elf_program *prog);

/*
 * Find the program named by the `name_len` bytes at `name` in the boot image
 * of `image_size` bytes at `image`, check it, and describe it in *ret.
 * Returns 0, ERR_INVAL (a name console_name_is_allowed refuses), the errors
 * of bootimg_find (ERR_NOTFOUND, ERR_BADIMAGE, ERR_VERSION) or of elf_parse
 * (ERR_BADIMAGE, ERR_RANGE), in that order.
 */
int spawn_program_check(const void *image, size_t image_size, const char *name, size_t name_len,
			struct spawn_program *ret);

/*
 * Whether a child with quota `q` can be built from `prog`: its first thread
 * and the frames spawn_frames counts are charged to the child itself.
 * 0 or ERR_NOMEM.
 */
int spawn_quota_check(const struct quota *q, const struct spawn_program *prog);

#endif /* CAIRN_SPAWN_H */
