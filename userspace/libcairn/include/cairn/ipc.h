/*
 * IPC for user programs (RFC-0005): endpoints, call/recv/reply, the thread's
 * IPC buffer, notifications and the driver calls. The four message calls use
 * every argument register both ways, so they have their own inline stubs
 * here instead of the generated one-result ones of cairn/ecall.h.
 *
 * start-up code registers an IPC buffer for the main thread before
 * cairn_main runs (cairn_ipc_buffer() returns it); a thread made with
 * thread_create registers its own before sending data or handles.
 */
#ifndef LIBCAIRN_IPC_H
#define LIBCAIRN_IPC_H

#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/syscall.h"
#include "cairn/ecall.h"

/* A message's register part. badge is filled on receipt (0 on a reply). */
struct cairn_msg {
	uint64_t info;
	uint64_t w[CAIRN_IPC_WORDS];
	uint64_t badge;
};

/* One ecall of the message calls: m's info and words out, the answer's back in. */
static inline long cairn_ipc_ecall(long nr, cairn_handle_t ep, struct cairn_msg *m,
				   uint64_t timeout)
{
	const uint64_t info = m->info;
	const uint64_t w0 = m->w[0];
	const uint64_t w1 = m->w[1];
	const uint64_t w2 = m->w[2];
	register uint64_t a0 __asm__("a0") = ep;
	register uint64_t a1 __asm__("a1") = info;
	register uint64_t a2 __asm__("a2") = w0;
	register uint64_t a3 __asm__("a3") = w1;
	register uint64_t a4 __asm__("a4") = w2;
	register uint64_t a5 __asm__("a5") = timeout;
	register long a7 __asm__("a7") = nr;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
			 : "r"(a7)
			 : "memory");
	if ((long)a0 == 0) {
		m->info = a1;
		m->w[0] = a2;
		m->w[1] = a3;
		m->w[2] = a4;
		m->badge = a5;
	}
	return (long)a0;
}

/* Send m and wait for the reply, which replaces m. 0 or an ERR_* code. */
static inline long cairn_ipc_call(cairn_handle_t ep, struct cairn_msg *m, uint64_t timeout)
{
	return cairn_ipc_ecall(SYS_ipc_call, ep, m, timeout);
}

/* Wait for a message on ep into m (with its badge); the thread then holds the reply right. */
static inline long cairn_ipc_recv(cairn_handle_t ep, struct cairn_msg *m, uint64_t timeout)
{
	m->info = 0;
	return cairn_ipc_ecall(SYS_ipc_recv, ep, m, timeout);
}

/* Answer the caller whose message this thread received last. */
static inline long cairn_ipc_reply(const struct cairn_msg *m)
{
	struct cairn_msg copy = *m;

	return cairn_ipc_ecall(SYS_ipc_reply, 0, &copy, 0);
}

/* Reply with m (if a reply right is held), then wait for the next message into m. */
static inline long cairn_ipc_reply_recv(cairn_handle_t ep, struct cairn_msg *m, uint64_t timeout)
{
	return cairn_ipc_ecall(SYS_ipc_reply_recv, ep, m, timeout);
}

/* A message of words: tag, no data, no handles. */
static inline struct cairn_msg cairn_msg_words(uint32_t tag, uint64_t w0, uint64_t w1, uint64_t w2)
{
	return (struct cairn_msg){.info = cairn_ipc_info(tag, 0, 0), .w = {w0, w1, w2}};
}

/* The calling thread's IPC buffer, registered by start-up code for the main thread. */
struct cairn_ipc_buffer *cairn_ipc_buffer(void);

/* Register buf (page-aligned, read-write) as the calling thread's IPC buffer. */
static inline long cairn_ipc_buffer_set(struct cairn_ipc_buffer *buf)
{
	return cairn_sys_ipc_buffer_set((uintptr_t)buf);
}

/* A new endpoint charged to proc (RIGHT_ALLOC); the handle holds every endpoint right. */
static inline long cairn_endpoint_create(cairn_handle_t proc)
{
	return cairn_sys_endpoint_create(proc);
}

/* From an unbadged handle with RIGHT_MINT: a new handle with `badge` (non-zero) and `rights`. */
static inline long cairn_endpoint_mint(cairn_handle_t ep, uint64_t badge, uint32_t rights)
{
	return cairn_sys_endpoint_mint(ep, badge, rights);
}

static inline long cairn_notification_create(cairn_handle_t proc)
{
	return cairn_sys_notification_create(proc);
}

/* Set `bits` (non-zero, within the low 32) in the notification and wake its waiter. */
static inline long cairn_notification_signal(cairn_handle_t n, uint32_t bits)
{
	return cairn_sys_notification_signal(n, bits);
}

/* The bits set (cleared by this call), waiting up to `timeout` nanoseconds while none is. */
static inline long cairn_notification_wait(cairn_handle_t n, uint64_t timeout)
{
	return cairn_sys_notification_wait(n, timeout);
}

/* Map the whole MMIO region into proc at vaddr, read-write, never executable. */
static inline long cairn_mmio_map(cairn_handle_t proc, cairn_handle_t region, uintptr_t vaddr)
{
	return cairn_sys_mmio_map(proc, region, vaddr);
}

/* Route the interrupt to bit `bit` (0..31) of notification n and enable it. */
static inline long cairn_irq_bind(cairn_handle_t irq, cairn_handle_t n, uint32_t bit)
{
	return cairn_sys_irq_bind(irq, n, bit);
}

/* The interrupt was handled: let it fire again. */
static inline long cairn_irq_ack(cairn_handle_t irq)
{
	return cairn_sys_irq_ack(irq);
}

#endif /* LIBCAIRN_IPC_H */
