/*
 * Notifications and interrupts (RFC-0005): notification_create,
 * notification_signal, notification_wait, irq_bind, irq_ack. Decode finds
 * each object with the right the call needs; perform cannot fail.
 */
#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/sys_call.h"
#include "cairn/wait.h"

#define SYS_NOTIFY_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_SIGNAL | RIGHT_WAIT)

static int sys_notify_decode(const struct sys_call *c, uint64_t h, uint32_t right,
			     struct notification **ret)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(h), KIND_NOTIFICATION, right, &e);

	if (err == 0)
		*ret = e.obj;
	return err;
}

int64_t sys_notification_create(struct sys_call *c)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_PROCESS,
				RIGHT_ALLOC, &e);

	if (err != 0)
		return err;
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	if (!notification_available(e.obj))
		return ERR_NOMEM; /* no slot, or no room in the quota of the process named */
	return handle_install(&c->proc->handles, KIND_NOTIFICATION, SYS_NOTIFY_RIGHTS,
			      notification_create(e.obj));
}

int64_t sys_notification_signal(struct sys_call *c)
{
	struct notification *n;
	int err = sys_notify_decode(c, c->arg[0], RIGHT_SIGNAL, &n);

	if (err != 0)
		return err;
	if (c->arg[1] == 0 || c->arg[1] > UINT32_MAX)
		return ERR_INVAL;
	notification_signal(n, (uint32_t)c->arg[1]);
	return 0;
}

int64_t sys_notification_wait(struct sys_call *c)
{
	struct notification *n;
	int err = sys_notify_decode(c, c->arg[0], RIGHT_WAIT, &n);

	if (err != 0)
		return err;
	if (n->waiter != NULL)
		return ERR_BUSY;
	if (n->bits != 0) {
		uint32_t bits = n->bits;

		n->bits = 0;
		return bits;
	}
	if (c->arg[1] == 0)
		return ERR_TIMEOUT;
	c->no_reply = true; /* the signal or the timeout writes a0 */
	notification_ref(n);
	n->waiter = c->thread;
	wait_block(c->thread, WAIT_NOTIFY, n, wait_deadline(c->arg[1]));
	return 0;
}

static int sys_irq_decode(const struct sys_call *c, struct irq_line **ret)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_INTERRUPT,
				RIGHT_MANAGE, &e);

	if (err == 0)
		*ret = e.obj;
	return err;
}

int64_t sys_irq_bind(struct sys_call *c)
{
	struct irq_line *line;
	struct notification *n;
	int err;

	if ((err = sys_irq_decode(c, &line)) != 0 ||
	    (err = sys_notify_decode(c, c->arg[1], RIGHT_SIGNAL, &n)) != 0)
		return err;
	if (c->arg[2] >= CAIRN_NOTIFY_BITS)
		return ERR_INVAL;
	if ((err = device_irq_bind_check(line)) != 0)
		return err; /* a device without an interrupt line */
	device_irq_bind(line, n, (uint32_t)c->arg[2]);
	return 0;
}

int64_t sys_irq_ack(struct sys_call *c)
{
	struct irq_line *line;
	int err = sys_irq_decode(c, &line);

	if (err != 0)
		return err;
	if ((err = device_irq_ack_check(line)) != 0)
		return err;
	device_irq_ack(line);
	return 0;
}
