/*
 * Thread system calls with a handle: thread_create and thread_set_priority.
 */
#include "cairn/abi/errors.h"
#include "cairn/panic.h"
#include "cairn/sched.h"
#include "cairn/sys_call.h"

#define SYS_THREAD_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_MANAGE)

static bool sys_in_window(uint64_t va, bool end_ok)
{
	return va >= CAIRN_USER_BASE && (va < CAIRN_USER_END || (end_ok && va == CAIRN_USER_END));
}

static int sys_thread_create_decode(const struct sys_call *c, struct process **ret_p)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_PROCESS,
				RIGHT_MANAGE, &e);
	const struct process *p;

	if (err != 0)
		return err; /* e is not filled in: read it only after a successful lookup */
	p = e.obj;
	if (p->exited)
		return ERR_BADHANDLE; /* nothing left to add a thread to */
	if (c->arg[2] % 16 != 0)
		return ERR_ALIGN;
	if (!sys_in_window(c->arg[1], false) || !sys_in_window(c->arg[2], true))
		return ERR_RANGE;
	if (!proc_can_create(1) || !quota_has_room(&p->quota, QUOTA_THREADS, 1))
		return ERR_NOMEM; /* no slot, or no room in p's quota */
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	*ret_p = e.obj;
	return 0;
}

int64_t sys_thread_create(struct sys_call *c)
{
	struct process *p;
	struct thread *t;
	int err = sys_thread_create_decode(c, &p);

	if (err != 0)
		return err;
	/* Point of no return. */
	if (proc_thread_create(p, c->arg[1], c->arg[2], proc_new_thread_priority(p), &t) != 0)
		PANIC("decode promised a thread slot and quota");
	t->tf.regs[TRAP_REG_A0] = c->arg[3];
	proc_thread_ref(t);
	sched_make_ready(t);
	return handle_install(&c->proc->handles, KIND_THREAD, SYS_THREAD_RIGHTS, t);
}

int64_t sys_thread_set_priority(struct sys_call *c)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_THREAD,
				RIGHT_MANAGE, &e);

	if (err != 0)
		return err;
	if (c->arg[1] > CAIRN_PRIORITY_MAX)
		return ERR_RANGE;
	if (((const struct thread *)e.obj)->state == THREAD_DEAD)
		return ERR_BADHANDLE; /* it ended: no process, no ceiling, nothing to run */
	if (c->arg[1] > ((const struct thread *)e.obj)->proc->priority_max)
		return ERR_DENIED; /* above its process's ceiling, whoever asks (RFC-0010) */
	proc_thread_set_priority(e.obj, (uint32_t)c->arg[1]);
	return 0;
}
