/*
 * The IPC calls (RFC-0005): endpoint_create, endpoint_mint, ipc_call,
 * ipc_recv, ipc_reply, ipc_reply_recv, ipc_buffer_set. Each decodes (the
 * handle, its rights, the message via ipc_transfer_decode) before it
 * changes anything. A rendezvous switches the hart straight to the thread
 * that can run (sched_handoff), which is the fast path of a round trip.
 */
#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sched.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"
#include "cairn/wait.h"

#define SYS_ENDPOINT_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_SEND | RIGHT_RECV | RIGHT_MINT)

/* The endpoint behind c->arg[0], with `right`. */
static int sys_endpoint_decode(const struct sys_call *c, uint32_t right, struct handle_entry *ret)
{
	return handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_ENDPOINT, right,
			     ret);
}

int64_t sys_endpoint_create(struct sys_call *c)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_PROCESS,
				RIGHT_ALLOC, &e);

	if (err != 0)
		return err;
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	if (!endpoint_available(e.obj))
		return ERR_NOMEM; /* no slot, or no room in the quota of the process named */
	struct endpoint *ep = endpoint_create(e.obj);
	ep->receivers = 1; /* the new handle holds RIGHT_RECV */
	return handle_install(&c->proc->handles, KIND_ENDPOINT, SYS_ENDPOINT_RIGHTS, ep);
}

int64_t sys_endpoint_mint(struct sys_call *c)
{
	struct handle_entry e;
	int err = sys_endpoint_decode(c, RIGHT_MINT, &e);
	uint64_t rights = c->arg[2];

	if (err != 0)
		return err;
	if (e.badge != 0)
		return ERR_BUSY; /* a badge is set once: badged handles cannot mint */
	if (c->arg[1] == 0 || (rights & ~(uint64_t)RIGHTS_ALL) != 0)
		return ERR_INVAL;
	if ((rights & ~(uint64_t)e.rights) != 0)
		return ERR_DENIED;
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	e.rights = (uint32_t)rights;
	e.badge = c->arg[1];
	endpoint_ref(e.obj, e.rights);
	return handle_install_entry(&c->proc->handles, &e);
}

/* Deliver `server`'s message: `caller` wakes with it (or with the error) and its call ends. */
static int sys_reply_to(struct thread *server, struct thread *caller, bool handoff,
			struct hart_ctx *hart)
{
	struct ipc_transfer x;
	int err = ipc_transfer_decode(server, caller, 0, &x);

	ipc_reply_answered(server, caller);
	if (err == 0)
		ipc_transfer_perform(server, caller, &x);
	else
		caller->tf.regs[TRAP_REG_A0] = (uint64_t)(int64_t)err;
	if (handoff)
		sched_handoff(hart, caller);
	else
		sched_make_ready(caller);
	return err;
}

/*
 * `t` receives on ep: the oldest caller whose message can be delivered, or
 * (with a non-zero timeout) it queues. A caller whose message cannot be
 * delivered has its call end with the error. Returns whether t got one.
 */
static bool sys_receive(struct thread *t, struct endpoint *ep, uint64_t timeout)
{
	struct thread *s;

	while ((s = ep->senders.head) != NULL) {
		struct ipc_transfer x;
		int err = ipc_transfer_decode(s, t, s->send_badge, &x);

		if (err != 0) {
			wait_wake(s, err);
			continue;
		}
		(void)endpoint_take(ep, &ep->senders);
		ipc_transfer_perform(s, t, &x);
		ipc_wait_reply(s, t, s->wait_deadline);
		return true;
	}
	if (timeout == 0) {
		t->tf.regs[TRAP_REG_A0] = (uint64_t)(int64_t)ERR_TIMEOUT;
		return true;
	}
	endpoint_wait_receive(ep, t, wait_deadline(timeout));
	return false;
}

int64_t sys_ipc_call(struct sys_call *c)
{
	struct thread *s = c->thread;
	struct handle_entry e;
	int err = sys_endpoint_decode(c, RIGHT_SEND, &e);
	struct endpoint *ep;
	struct ipc_transfer x;

	if (err != 0)
		return err; /* e is not filled in: read it only after a successful lookup */
	ep = e.obj;
	if ((err = ipc_info_check(c->arg[CAIRN_IPC_REG_INFO])) != 0)
		return err;
	if (ep->receivers == 0)
		return ERR_PEERDEAD;
	struct thread *r = ep->waiting.head;
	if (r == NULL && c->arg[CAIRN_IPC_REG_TIMEOUT] == 0)
		return ERR_TIMEOUT;
	if (r != NULL && (err = ipc_transfer_decode(s, r, e.badge, &x)) != 0)
		return err;

	c->no_reply = true;
	if (r == NULL) {
		endpoint_wait_send(ep, s, e.badge, wait_deadline(c->arg[CAIRN_IPC_REG_TIMEOUT]));
		return 0;
	}
	(void)endpoint_take(ep, &ep->waiting);
	ipc_transfer_perform(s, r, &x);
	ipc_wait_reply(s, r, wait_deadline(c->arg[CAIRN_IPC_REG_TIMEOUT]));
	sched_handoff(c->hart, r);
	return 0;
}

/* 0 when t may receive: it owes no reply (a reply lost to a timeout is forgotten). */
static int sys_recv_check(struct thread *t)
{
	if (t->reply_to != NULL)
		return ERR_BUSY;
	t->reply_lost = false;
	return 0;
}

int64_t sys_ipc_recv(struct sys_call *c)
{
	struct handle_entry e;
	int err = sys_endpoint_decode(c, RIGHT_RECV, &e);

	if (err != 0)
		return err;
	if ((err = sys_recv_check(c->thread)) != 0)
		return err;
	c->no_reply = true;
	(void)sys_receive(c->thread, e.obj, c->arg[CAIRN_IPC_REG_TIMEOUT]);
	return 0;
}

int64_t sys_ipc_reply(struct sys_call *c)
{
	struct thread *t = c->thread;

	if (t->reply_to == NULL) {
		bool lost = t->reply_lost;

		t->reply_lost = false;
		return lost ? ERR_PEERDEAD : ERR_NOTFOUND;
	}
	return sys_reply_to(t, t->reply_to, false, c->hart);
}

int64_t sys_ipc_reply_recv(struct sys_call *c)
{
	struct thread *t = c->thread;
	struct thread *caller = t->reply_to;
	struct handle_entry e;
	int err = sys_endpoint_decode(c, RIGHT_RECV, &e);

	if (err != 0)
		return err;
	c->no_reply = true;
	t->reply_lost = false;
	if (caller == NULL) {
		(void)sys_receive(t, e.obj, c->arg[CAIRN_IPC_REG_TIMEOUT]);
		return 0;
	}
	/* Receive first when a caller is already queued: then the replied-to caller just queues. */
	if (((struct endpoint *)e.obj)->senders.head != NULL ||
	    c->arg[CAIRN_IPC_REG_TIMEOUT] == 0) {
		(void)sys_reply_to(t, caller, false, c->hart);
		(void)sys_receive(t, e.obj, c->arg[CAIRN_IPC_REG_TIMEOUT]);
		return 0;
	}
	/* Nobody queued: block receiving and run the caller here at once. */
	(void)sys_receive(t, e.obj, c->arg[CAIRN_IPC_REG_TIMEOUT]);
	(void)sys_reply_to(t, caller, true, c->hart);
	return 0;
}

int64_t sys_ipc_buffer_set(struct sys_call *c)
{
	uint64_t va = c->arg[0];

	if (va % CAIRN_PAGE_SIZE != 0)
		return ERR_ALIGN;
	if (!uaccess_range_ok(c->proc->root, va, sizeof(struct cairn_ipc_buffer), PTE_R | PTE_W))
		return ERR_BADADDR;
	c->thread->ipc_buffer = va;
	return 0;
}
