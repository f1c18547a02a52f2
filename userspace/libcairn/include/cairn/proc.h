/*
 * Process helpers over the raw calls: spawning a program of the boot image by
 * name with a chosen handle set, and reading what process_wait returns. Owns
 * no state; the boot image and the handles are the caller's.
 */
#ifndef LIBCAIRN_PROC_H
#define LIBCAIRN_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"

/* What a child starts with, besides its handle to itself (which it always gets). */
struct cairn_spawn_req {
	const char *name;	       /* program name in the boot image */
	const cairn_handle_t *handles; /* copied into the child after its self handle */
	uint32_t handle_count;	       /* 0..CAIRN_SPAWN_HANDLES_MAX */
	uint32_t self_rights;	       /* rights of the child's handle to itself */
	uint32_t priority;	       /* 0..CAIRN_PRIORITY_MAX */
	const struct cairn_quota
		*quota; /* its quota, out of the caller's; NULL: CAIRN_QUOTA_DEFAULT */
};

/* A process handle (DUP|TRANSFER|MANAGE|WAIT|KILL) or a negative ERR_* code. */
long cairn_spawn(cairn_handle_t image, const struct cairn_spawn_req *req);

/*
 * process_wait returns the low 8 bits of an exit code, CAIRN_EXIT_KILLED for
 * a process ended by process_kill, or CAIRN_EXIT_FAULT | cause for one the
 * kernel ended on an exception (syscall.h).
 */
static inline bool cairn_status_is_exit_code(long status)
{
	return status >= 0 && status <= (long)CAIRN_EXIT_CODE_MASK;
}

static inline bool cairn_status_is_fault(long status, unsigned cause)
{
	return status == (long)(CAIRN_EXIT_FAULT | cause);
}

#endif /* LIBCAIRN_PROC_H */
