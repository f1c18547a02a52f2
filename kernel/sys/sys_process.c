/*
 * System calls on other processes: process_wait and process_kill. Decode
 * finds the process behind the handle with the right the call needs;
 * perform waits, answers or ends it.
 */
#include "cairn/abi/errors.h"
#include "cairn/sched.h"
#include "cairn/sys_call.h"
#include "cairn/wait.h"

static int sys_process_decode(const struct sys_call *c, uint32_t right, struct process **ret_p)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_PROCESS, right,
				&e);

	if (err != 0)
		return err;
	*ret_p = e.obj;
	return 0;
}

int64_t sys_process_wait(struct sys_call *c)
{
	struct process *p;
	int err = sys_process_decode(c, RIGHT_WAIT, &p);

	if (err != 0)
		return err;
	if (p->exited)
		return p->exit_status;
	if (c->arg[1] == 0)
		return ERR_TIMEOUT;
	c->no_reply = true; /* the wake-up or the timeout writes a0 */
	proc_ref(p);
	wait_block(c->thread, WAIT_PROCESS, p, wait_deadline(c->arg[1]));
	return 0;
}

int64_t sys_process_kill(struct sys_call *c)
{
	struct process *p;
	int err = sys_process_decode(c, RIGHT_KILL, &p);

	if (err != 0)
		return err;
	c->no_reply = p == c->proc;
	proc_exit(c->hart, p, CAIRN_EXIT_KILLED);
	return 0;
}
