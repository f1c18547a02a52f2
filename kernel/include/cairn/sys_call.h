/*
 * What a system-call handler sees: the calling hart, thread and process and
 * the six argument registers. Handlers live in kernel/sys/sys_*.c, one
 * named sys_<name> per CAIRN_SYSCALLS entry; sys.c tables them.
 */
#ifndef CAIRN_SYS_CALL_H
#define CAIRN_SYS_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "cairn/proc.h"
#include "cairn/trap.h"

#define SYS_ARGS 6

struct sys_call {
	struct hart_ctx *hart;
	struct thread *thread;
	struct process *proc;
	const uint64_t *arg; /* the caller's a0..a5, read in place from its trap frame */
	bool no_reply;	     /* set by a handler after which the thread does not resume with a0 */
};

typedef int64_t (*sys_handler)(struct sys_call *c);

/*
 * The handle a register argument names. A handle is 32 bits: a word with any
 * of its upper 32 bits set names none, and becomes CAIRN_HANDLE_INVALID,
 * which every lookup refuses with ERR_BADHANDLE. Every path, the IPC fast
 * path included, reads handle arguments through this one rule (RFC-0010).
 */
static inline cairn_handle_t sys_handle_arg(uint64_t word)
{
	return word > UINT32_MAX ? CAIRN_HANDLE_INVALID : (cairn_handle_t)word;
}

#define SYS_DECLARE(num, name, nargs) int64_t sys_##name(struct sys_call *c);
CAIRN_SYSCALLS(SYS_DECLARE)
#undef SYS_DECLARE

#endif /* CAIRN_SYS_CALL_H */
