/*
 * Trap entry and exit. stvec points at trap_vector on every hart.
 *
 * sscratch tells where a trap came from: while a hart runs user code it
 * holds the running struct thread, whose trap frame starts it; while it runs
 * the kernel it holds 0. From user mode the entry serves the null call at
 * once (no register saved beyond t1, no lock; a thread whose process was
 * killed goes the long way and ends there). Anything else saves every user
 * register into the thread's frame, moves sepc past an ecall, and offers
 * ipc_call and ipc_reply_recv to the fast path (fastpath.S); what it
 * declines, and every other trap, switches to the hart's kernel stack and
 * calls trap_from_user, which never returns here: it leaves through
 * trap_return_to_user. From S-mode (only a timer interrupt, a kick or a
 * device interrupt while idle is expected), the registers go on the current
 * stack and trap_from_kernel runs; an sret returns to the interrupted code.
 *
 * Built with CAIRN_FASTPATH 0 (the differential boot's slow kernel), the
 * entry serves nothing itself: every call takes the C path.
 *
 * Offsets come from cairn/trap.h, where the C structures assert them, and
 * cairn/asm_offsets.h, generated from the C structures.
 */
#include "cairn/asm_offsets.h"
#include "cairn/trap.h"
#include "regs.h"

#ifndef CAIRN_FASTPATH
#define CAIRN_FASTPATH 1
#endif

#define SSTATUS_SIE  (1 << 1)
#define SSTATUS_SPIE (1 << 5)
#define SSTATUS_SPP  (1 << 8)
#define SSTATUS_SUM  (1 << 18)

/*
 * Every user register but t0, t1 and a0 into the frame at t0, then user t0
 * from sscratch; leaves sepc in t1. t1 is already saved; trap_to_c saves
 * a0, which the IPC fast path never needs saved (fastpath.S).
 */
.macro SAVE_USER
	SAVE_REGS t0, REGS_ENTRY
	csrr	t1, sscratch
	sd	t1, TF_REG(5)(t0)
	csrr	t1, sepc
.endm

	.text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	t0, sscratch, t0
	beqz	t0, trap_enter_kernel
	/* From user: t0 = the thread, sscratch = user t0. */
	sd	t1, TF_REG(6)(t0)
	csrr	t1, scause
	addi	t1, t1, -ASM_ECALL_U
	bnez	t1, trap_other
#if CAIRN_FASTPATH
	beqz	a7, trap_null
#endif
trap_ecall:
	SAVE_USER
	addi	t1, t1, 4	/* the call returns past its ecall, whichever path serves it */
	sd	t1, TF_SEPC(t0)
#if CAIRN_FASTPATH
	li	t2, ASM_SYS_IPC_CALL
	beq	a7, t2, fast_call
	li	t2, ASM_SYS_IPC_REPLY_RECV
	beq	a7, t2, fast_reply_recv
#endif
	/*
	 * trap_to_c: every user register is in the frame of the thread at t0.
	 * The fast path comes here for what it declines, with the lock free.
	 */
	.globl trap_to_c
trap_to_c:
	sd	a0, TF_REG(10)(t0)	/* still the user's: nothing before here changes it */
	csrw	sscratch, zero
	ld	a0, THREAD_HART(t0)
	ld	sp, HART_KSTACK(a0)
	ld	tp, HART_SLOT(a0)
	mv	s0, zero
	call	trap_from_user
1:	j	1b	/* trap_from_user does not return */

trap_other:
	SAVE_USER
	sd	t1, TF_SEPC(t0)
	j	trap_to_c

#if CAIRN_FASTPATH
/*
 * The null call: a0 = 0 and past the ecall, nothing else saved or changed.
 * The lock is not needed: it reads only the thread's own doomed flag, which
 * another hart sets when it kills the process; a kill that lands just after
 * the read takes effect at this hart's next entry, as if it came a moment
 * later. The dummy SC breaks any LR reservation, as every return does.
 */
trap_null:
	lbu	t1, THREAD_DOOMED(t0)
	bnez	t1, trap_ecall		/* a pending kill: C ends the thread */
	csrr	t1, sepc
	addi	t1, t1, 4
	csrw	sepc, t1
	li	a0, 0
	sc.d	zero, zero, (t0)	/* regs[0], the frame's unused x0 slot */
	ld	t1, TF_REG(6)(t0)
	csrrw	t0, sscratch, t0	/* user t0 back, sscratch the thread again */
	sret
#endif

trap_enter_kernel:
	/* From S-mode: t0 is back to its own value, sscratch to 0. */
	csrrw	t0, sscratch, t0
	addi	sp, sp, -KTF_SIZE
	SAVE_REGS sp, REGS_KERNEL
	csrr	t0, sepc
	sd	t0, KTF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, KTF_SSTATUS(sp)
	mv	a0, sp
	call	trap_from_kernel
	ld	t0, KTF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, KTF_SSTATUS(sp)
	csrw	sstatus, t0
	LOAD_REGS sp, REGS_KERNEL
	addi	sp, sp, KTF_SIZE
	sret

/*
 * trap_return_to_user(hart = a0, tf = a1): the thread whose frame is tf
 * learns it runs on hart, sscratch = the thread, sepc from the frame,
 * sstatus to return to U-mode with interrupts on and SUM clear, then every
 * user register from the frame. Called with interrupts off.
 */
	.globl trap_return_to_user
trap_return_to_user:
	sd	a0, THREAD_HART(a1)
	csrw	sscratch, a1
	ld	t0, TF_SEPC(a1)
	csrw	sepc, t0
	li	t0, SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE
	csrc	sstatus, t0
	li	t0, SSTATUS_SPIE
	csrs	sstatus, t0
	/*
	 * Break any LR reservation: one a thread took before it trapped, or
	 * another thread took on this hart, must not let this thread's next SC
	 * succeed (RFC-0010). A dummy SC does it; should it succeed, it writes 0
	 * into regs[0], the frame's unused x0 slot.
	 */
	sc.d	zero, zero, (a1)	/* regs[0] is at TF_REG(0), offset 0 */
	mv	t6, a1
	LOAD_REGS t6, REGS_ALL
	sret
