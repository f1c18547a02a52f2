/*
 * The pure checks of process_spawn (cairn/spawn.h): the arguments, the
 * program's name, finding and parsing it, the frame bound and the child's
 * quota. This file
 * reads no user memory, looks up no handle and allocates nothing; those are
 * sys_spawn.c's, which calls these in its decode step.
 */
#include "cairn/spawn.h"

#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/console_line.h"
#include "cairn/vm.h"

/* The stack's tables in spawn_frames: a level-0 and a level-1 one, its pages lying inside one
 * 2 MiB region. */
#define SPAWN_STACK_TABLES 2u
_Static_assert(CAIRN_USER_END % ((uint64_t)PTE_ENTRIES * CAIRN_PAGE_SIZE) == 0 &&
		       CAIRN_STACK_PAGES <= PTE_ENTRIES,
	       "the stack pages share one level-0 table");

int spawn_args_check(const struct cairn_spawn_args *a, uint32_t ceiling)
{
	if (a->reserved != 0 || a->name_len == 0 || a->name_len > CAIRN_NAME_MAX ||
	    (a->self_rights & ~RIGHTS_ALL) != 0)
		return ERR_INVAL;
	if (a->handle_count > CAIRN_SPAWN_HANDLES_MAX || a->priority > CAIRN_PRIORITY_MAX)
		return ERR_RANGE;
	if (a->priority > ceiling)
		return ERR_DENIED; /* a child's ceiling never exceeds its spawner's (RFC-0010) */
	return 0;
}

uint64_t spawn_frames(const struct elf_program *prog)
{
	uint64_t n = 1 + CAIRN_STACK_PAGES + SPAWN_STACK_TABLES;

	for (size_t i = 0; i < prog->segment_count; i++) {
		const struct elf_segment *s = &prog->segments[i];
		uint64_t pages = (s->vaddr + s->memsz - 1) / CAIRN_PAGE_SIZE -
				 s->vaddr / CAIRN_PAGE_SIZE + 1;

		n += pages + vm_tables_for(pages);
	}
	return n;
}

int spawn_program_check(const void *image, size_t image_size, const char *name, size_t name_len,
			struct spawn_program *ret)
{
	struct elf_program prog;
	const void *blob;
	size_t size;
	int err;

	if (!console_name_is_allowed(name, name_len))
		return ERR_INVAL;
	if ((err = bootimg_find(image, image_size, name, name_len, &blob, &size)) != 0 ||
	    (err = elf_parse(blob, size, &prog)) != 0)
		return err;
	*ret = (struct spawn_program){.blob = blob, .size = size, .frames = spawn_frames(&prog)};
	return 0;
}

int spawn_quota_check(const struct quota *q, const struct spawn_program *prog)
{
	if (!quota_has_room(q, QUOTA_THREADS, 1) || !quota_has_room(q, QUOTA_PAGES, prog->frames))
		return ERR_NOMEM;
	return 0;
}
