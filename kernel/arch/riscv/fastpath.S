/*
 * The IPC fast path (RFC-0005, "Speed"): ipc_call and ipc_reply_recv with a
 * message of words only and no time limit, when the other side is already
 * waiting, go from the trap vector straight to the other thread.
 *
 * trapentry.S jumps here with every user register saved in the calling
 * thread's frame and sepc moved past the ecall:
 *   t0 = the calling thread (its frame first), a0..a5 and a7 = its call.
 * Each path takes the kernel lock, then runs its checks, changing nothing;
 * any check that fails releases the lock and goes to trap_to_c, where the
 * generic C path (kernel/sys/sys_ipc.c) serves the same call from the same
 * state, the slow way. Past the line marked "no return" the path only
 * stores: the same queue, wait, reference and reply changes the C path
 * makes (cairn/ipc.h names them), then the switch, the lock's release and
 * the return to the other thread. The differential boot (tools/ipcdiff.py,
 * `just ipcdiff`) runs the same calls on this path and on a kernel built
 * without it, and requires the same registers back.
 *
 * Registers here: t0 the caller, t6 the thread to run, s1 the lock (struct
 * sched_core), s2 the caller's handle slot, s3 the endpoint, s4 the caller's
 * process, s5 the hart; t2 and t3 scratch. The caller's a0 is not saved:
 * whichever way its call ends, a0 is the result (trap_to_c saves it for C).
 * The message words a1..a4 stay in their registers all along: they are
 * what the thread to run receives. A thread that runs is on no queue, so
 * its queue link is already NULL (thread_queue_pop and _remove clear it).
 */
#include "cairn/asm_offsets.h"
#include "cairn/trap.h"
#include "regs.h"

/* Take the kernel lock; held by another hart, leave it to the C path, which waits for it. */
.macro LOCK_OR_C
	la	s1, sched_core
	li	t2, 1
	amoswap.w.aq t2, t2, (s1)
	bnez	t2, trap_to_c
.endm

/*
 * s2 = the caller's slot for the handle in a0, s3 = its endpoint, when it
 * is a live endpoint handle with the right at bit `bit`: the slot at a0's
 * low bits must hold exactly a0 (cairn/handle.h, handle_entry_of), which
 * also refuses a register with any upper bit set.
 */
.macro ENDPOINT_OR_DECLINE bit
	ld	s4, THREAD_PROC(t0)
	andi	t2, a0, SLOT_MASK
	slli	t2, t2, SLOT_SHIFT
	add	s2, s4, t2
	lwu	t2, PROC_SLOTS + SLOT_HANDLE(s2)
	bne	t2, a0, fast_decline
	ld	t2, PROC_SLOTS + SLOT_KIND(s2)	/* kind, and rights in the upper half */
	slli	t3, t2, 31 - \bit
	bgez	t3, fast_decline
	addiw	t3, t2, -ASM_KIND_ENDPOINT
	bnez	t3, fast_decline
	ld	s3, PROC_SLOTS + SLOT_OBJ(s2)
.endm

/* Words only (an info word that is its tag alone) and no time limit. */
.macro WORDS_FOREVER_OR_DECLINE
	srli	t2, a1, ASM_INFO_TAG_BITS
	bnez	t2, fast_decline
	addi	t2, a5, 1
	bnez	t2, fast_decline
.endm

/*
 * t6 may run now: no more important thread is ready (sched_ready_above),
 * and this hart's f-registers already hold what t6 must see (fpu_hart_holds;
 * the zeros of a thread that never used them, in the common case). Loads s5.
 */
.macro MAY_RUN_OR_DECLINE fp_used_check
	lw	t2, THREAD_PRIORITY(t6)
	lw	t3, SCHED_READY_LEVELS(s1)
	srl	t3, t3, t2
	li	t2, 1
	bgtu	t3, t2, fast_decline
	ld	s5, THREAD_HART(t0)
	lbu	t2, THREAD_FP_USED(t6)
	ld	t3, HART_FP_OWNER(s5)
	bnez	t2, \fp_used_check
	bne	t3, s5, fast_decline	/* the hart itself: it holds zeros (kernel/proc/fpu.c) */
.endm

/* For a thread that used its f-registers: this hart holds them, left here by it. */
.macro FP_HELD_OR_DECLINE back
	bne	t3, t6, fast_decline
	ld	t2, THREAD_FP_HART(t6)
	ld	t3, HART_SLOT(s5)
	addi	t3, t3, 1
	bne	t2, t3, fast_decline
	j	\back
.endm

/*
 * Run t6 on this hart (s5) in place of t0, which is now blocked: t6's wait
 * ends as answered and it runs (sched_switch), in its own address space,
 * the lock is released after the last store, and t6 returns to user mode
 * with status 0 in a0, the message in a1..a5, and every other register
 * from its frame (trap_return_to_user, less what it does not need: the
 * trap came from user mode, so sstatus is already right for the sret).
 */
.macro SWITCH_TO_T6
	li	t2, THREAD_RUNNING_NOT_WAITING
	sd	t2, THREAD_STATE(t6)
	sd	zero, THREAD_WAIT_OBJ(t6)
	sd	t6, HART_THREAD(s5)
	sd	s5, THREAD_HART(t6)
	ld	t2, THREAD_PROC(t6)
	beq	t2, s4, 1f		/* the hart's satp is t0's process's */
	ld	t2, PROC_SATP(t2)
	csrw	satp, t2
	sfence.vma zero, zero
1:	fence	rw, w
	sw	zero, 0(s1)		/* the lock is free */
	ld	t2, TF_SEPC(t6)
	csrw	sepc, t2
	csrw	sscratch, t6
	li	a0, 0
	sc.d	zero, zero, (t6)	/* break any LR reservation (RFC-0010) */
	LOAD_REGS t6, REGS_BUT_MESSAGE
	sret
.endm

	.section .rodata
	.balign 8
/* 64-bit state-and-wait words: one load instead of a three-instruction li. */
fast_blocked_reply:
	.dword	THREAD_BLOCKED_REPLY
fast_blocked_recv:
	.dword	THREAD_BLOCKED_RECV

	.text
	.balign 4

/* ipc_call to a receiver that waits: it runs at once with the message, the caller waits. */
	.globl fast_call
fast_call:
	csrr	t2, sstatus
	bltz	t2, trap_to_c		/* SD: f-registers changed; C saves them first */
	LOCK_OR_C
	lbu	t2, THREAD_DOOMED(t0)
	bnez	t2, fast_decline
	ENDPOINT_OR_DECLINE ASM_RIGHT_SEND_BIT
	WORDS_FOREVER_OR_DECLINE
	/* A waiting receiver holds a reference, so the endpoint has receivers. */
	ld	t6, EP_WAITING_HEAD(s3)
	beqz	t6, fast_decline
	MAY_RUN_OR_DECLINE fast_call_fp
fast_call_may_run:
	/* ---- no return: from here on the call is served ---- */
	/* endpoint_take: the receiver off the queue, its wait's reference dropped. */
	ld	t2, THREAD_NEXT(t6)
	sd	t2, EP_WAITING_HEAD(s3)
	bnez	t2, 1f
	sd	zero, EP_WAITING_TAIL(s3)
1:	sd	zero, THREAD_NEXT(t6)
	lw	t2, EP_REFS(s3)		/* the caller's handle keeps one: never the last */
	addi	t2, t2, -1
	sw	t2, EP_REFS(s3)
	/* ipc_wait_reply: the caller waits for the receiver's reply, without limit. */
	sd	t0, THREAD_REPLY_TO(t6)
	ld	t2, fast_blocked_reply
	sd	t2, THREAD_STATE(t0)
	sd	t6, THREAD_WAIT_OBJ(t0)
	li	t2, -1
	sd	t2, THREAD_WAIT_DEADLINE(t0)
	/* ipc_deliver_regs: status 0 (fast_switch), info and words in place, the badge. */
	ld	a5, PROC_SLOTS + SLOT_BADGE(s2)
	SWITCH_TO_T6

fast_call_fp:
	FP_HELD_OR_DECLINE fast_call_may_run

/* ipc_reply_recv with no caller queued: the replied-to caller runs at once, the server waits. */
	.globl fast_reply_recv
fast_reply_recv:
	csrr	t2, sstatus
	bltz	t2, trap_to_c
	LOCK_OR_C
	lbu	t2, THREAD_DOOMED(t0)
	bnez	t2, fast_decline
	ENDPOINT_OR_DECLINE ASM_RIGHT_RECV_BIT
	ld	t6, THREAD_REPLY_TO(t0)
	beqz	t6, fast_decline
	WORDS_FOREVER_OR_DECLINE
	ld	t2, EP_SENDERS_HEAD(s3)
	bnez	t2, fast_decline	/* a caller queued: C receives it first */
	MAY_RUN_OR_DECLINE fast_reply_recv_fp
fast_reply_recv_may_run:
	/* ---- no return: from here on the call is served ---- */
	/* ipc_reply_answered: the server owes no reply; a lost one is forgotten too. */
	sd	zero, THREAD_REPLY_TO(t0)
	sb	zero, THREAD_REPLY_LOST(t0)
	/* endpoint_wait_receive: a reference, the back of the queue, blocked without limit. */
	lw	t2, EP_REFS(s3)
	addi	t2, t2, 1
	sw	t2, EP_REFS(s3)
	/* t0 runs, so it is on no queue: its link is already NULL. */
	ld	t2, EP_WAITING_TAIL(s3)
	sd	t0, EP_WAITING_TAIL(s3)
	beqz	t2, 1f
	sd	t0, THREAD_NEXT(t2)
	j	2f
1:	sd	t0, EP_WAITING_HEAD(s3)
2:	ld	t2, fast_blocked_recv
	sd	t2, THREAD_STATE(t0)
	sd	s3, THREAD_WAIT_OBJ(t0)
	li	t2, -1
	sd	t2, THREAD_WAIT_DEADLINE(t0)
	li	a5, 0			/* a reply carries no badge */
	SWITCH_TO_T6

fast_reply_recv_fp:
	FP_HELD_OR_DECLINE fast_reply_recv_may_run

/* A check failed with the lock held and nothing changed: release it, take the C path. */
fast_decline:
	fence	rw, w
	sw	zero, 0(s1)
	j	trap_to_c

