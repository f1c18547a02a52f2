/*
 * System calls about the calling thread and process: null, thread_yield,
 * thread_exit, process_exit. None of these has anything to decode beyond
 * its plain arguments.
 */
#include "cairn/sched.h"
#include "cairn/sys_call.h"

int64_t sys_null(struct sys_call *c)
{
	(void)c;
	return 0;
}

int64_t sys_thread_yield(struct sys_call *c)
{
	sched_preempt(c->hart);
	return 0;
}

int64_t sys_thread_exit(struct sys_call *c)
{
	c->no_reply = true;
	proc_thread_exit(c->hart, c->thread);
	return 0;
}

int64_t sys_process_exit(struct sys_call *c)
{
	c->no_reply = true;
	proc_exit(c->hart, c->proc, (uint32_t)(c->arg[0] & CAIRN_EXIT_CODE_MASK));
	return 0;
}
