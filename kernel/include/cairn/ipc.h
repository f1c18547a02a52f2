/*
 * Endpoints, notifications and the moving of messages between threads
 * (RFC-0005). An endpoint is a rendezvous: a FIFO of callers waiting to be
 * received and a FIFO of server threads waiting for a caller. A
 * notification is a word of 32 bits with at most one waiting thread. Both
 * come from fixed pools and live while any handle or waiting thread
 * references them. Everything here runs under the kernel lock.
 */
#ifndef CAIRN_IPC_H
#define CAIRN_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/handle.h"
#include "cairn/proc.h"
#include "cairn/thread_queue.h"
#include "cairn/wait.h"

#define ENDPOINT_MAX	 128
#define NOTIFICATION_MAX 128

struct endpoint {
	bool used;
	uint32_t refs;	    /* handles and queued threads */
	uint32_t receivers; /* handles holding RIGHT_RECV */
	uint64_t id;
	struct process *account;     /* charged for it (QUOTA_ENDPOINTS), referenced */
	struct thread_queue senders; /* WAIT_SEND, oldest first */
	struct thread_queue waiting; /* WAIT_RECV, oldest first */
};

struct notification {
	bool used;
	uint32_t refs; /* handles, the waiter, interrupt bindings */
	uint32_t bits;
	uint64_t id;
	struct process *account; /* charged for it (QUOTA_NOTIFICATIONS), referenced */
	struct thread *waiter;	 /* WAIT_NOTIFY, or NULL */
};

/*
 * Whether `account` may have one more endpoint: a slot is free and its
 * quota has room. endpoint_create then makes it, with one reference (the
 * caller's), charged to account until the last reference goes.
 */
bool endpoint_available(const struct process *account);
struct endpoint *endpoint_create(struct process *account);
/* References: `rights` are those of the handle gaining or losing it (0 for a waiter). */
static inline void endpoint_ref(struct endpoint *ep, uint32_t rights)
{
	ep->refs++;
	if ((rights & RIGHT_RECV) != 0)
		ep->receivers++;
}
void endpoint_unref(struct endpoint *ep, uint32_t rights);

/* As endpoint_available and endpoint_create, for notifications (QUOTA_NOTIFICATIONS). */
bool notification_available(const struct process *account);
struct notification *notification_create(struct process *account);
void notification_ref(struct notification *n);
void notification_unref(struct notification *n);
/* Set `bits`; a waiting thread gets them all (they clear) and wakes. */
void notification_signal(struct notification *n, uint32_t bits);

/* One message on its way from `from` to `to`: what decode read and checked. */
struct ipc_transfer {
	uint64_t info;
	uint64_t words[CAIRN_IPC_WORDS];
	uint64_t badge;
	uint32_t len;
	uint32_t handle_count;
	struct cairn_ipc_buffer buf;			    /* data and handle slots read */
	struct handle_entry entries[CAIRN_IPC_HANDLES_MAX]; /* what each slot names */
};

/* 0 when `info` is a well-formed info word, else ERR_INVAL. */
int ipc_info_check(uint64_t info);

/*
 * Check that the message in `from`'s registers a1..a4 (and, if it has data
 * or handles, its IPC buffer) can be delivered to `to` with `badge`: the
 * info word, both buffers, every handle and right, room in to's table.
 * Changes nothing. 0, ERR_INVAL, ERR_BADADDR, ERR_BADHANDLE, ERR_DENIED,
 * ERR_NOSPC.
 */
int ipc_transfer_decode(const struct thread *from, const struct thread *to, uint64_t badge,
			struct ipc_transfer *x);

/* Deliver what decode checked: handles moved or copied, to's buffer and a0..a5 written. */
void ipc_transfer_perform(struct thread *from, struct thread *to, struct ipc_transfer *x);

/*
 * Write a delivered message's registers into `to` (the table of cairn/abi/
 * ipc.h): status 0, the info word, the CAIRN_IPC_WORDS words and the badge.
 * The one place both IPC paths deliver registers.
 */
static inline void ipc_deliver_regs(struct thread *to, uint64_t info, const uint64_t *words,
				    uint64_t badge)
{
	uint64_t *r = &to->tf.regs[TRAP_REG_A0];

	r[CAIRN_IPC_REG_STATUS] = 0;
	r[CAIRN_IPC_REG_INFO] = info;
	for (uint32_t i = 0; i < CAIRN_IPC_WORDS; i++)
		r[CAIRN_IPC_REG_WORD0 + i] = words[i];
	r[CAIRN_IPC_REG_BADGE] = badge;
}

/*
 * Queue `t` as a caller on `ep` with the badge of its handle until
 * `deadline`: the wait's reference on ep, its place in ep->senders and its
 * wait state.
 */
static inline void endpoint_wait_send(struct endpoint *ep, struct thread *t, uint64_t badge,
				      uint64_t deadline)
{
	t->send_badge = badge;
	endpoint_ref(ep, 0);
	thread_queue_push(&ep->senders, t);
	wait_block(t, WAIT_SEND, ep, deadline);
}

/*
 * Queue `t` as a receiver on `ep` until `deadline`: the wait's reference on
 * ep, its place in ep->waiting and its wait state. The one way both IPC
 * paths make a thread wait to receive.
 */
static inline void endpoint_wait_receive(struct endpoint *ep, struct thread *t, uint64_t deadline)
{
	endpoint_ref(ep, 0);
	thread_queue_push(&ep->waiting, t);
	wait_block(t, WAIT_RECV, ep, deadline);
}

/*
 * `caller`'s message reached `server`: the caller waits for server's reply
 * until `deadline`, and server owes it one. The one way both IPC paths
 * block a caller for its reply.
 */
static inline void ipc_wait_reply(struct thread *caller, struct thread *server, uint64_t deadline)
{
	server->reply_to = caller;
	wait_block(caller, WAIT_REPLY, server, deadline);
}

/*
 * `server` answers `caller`: server owes no reply any more and caller's
 * wait ends as answered (not undone: no reply is marked lost). Caller stays
 * BLOCKED for the answer to be delivered. The one way both paths reply.
 */
static inline void ipc_reply_answered(struct thread *server, struct thread *caller)
{
	server->reply_to = NULL;
	wait_answered(caller);
}

/*
 * Take the oldest thread off `q`, one of ep's two queues (not empty: a
 * kernel bug otherwise), because it is answered: off the queue, its wait's
 * reference on ep dropped, its wait ended (wait_answered). It stays BLOCKED
 * for the caller to deliver to. The one way both IPC paths take a waiting
 * thread.
 */
struct thread *endpoint_take(struct endpoint *ep, struct thread_queue *q);

#endif /* CAIRN_IPC_H */
