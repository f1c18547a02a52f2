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
	sd	x1, TF_REG(1)(t0)
	sd	x2, TF_REG(2)(t0)
	sd	x3, TF_REG(3)(t0)
	sd	x4, TF_REG(4)(t0)
	sd	x7, TF_REG(7)(t0)
	sd	x8, TF_REG(8)(t0)
	sd	x9, TF_REG(9)(t0)
	sd	x11, TF_REG(11)(t0)
	sd	x12, TF_REG(12)(t0)
	sd	x13, TF_REG(13)(t0)
	sd	x14, TF_REG(14)(t0)
	sd	x15, TF_REG(15)(t0)
	sd	x16, TF_REG(16)(t0)
	sd	x17, TF_REG(17)(t0)
	sd	x18, TF_REG(18)(t0)
	sd	x19, TF_REG(19)(t0)
	sd	x20, TF_REG(20)(t0)
	sd	x21, TF_REG(21)(t0)
	sd	x22, TF_REG(22)(t0)
	sd	x23, TF_REG(23)(t0)
	sd	x24, TF_REG(24)(t0)
	sd	x25, TF_REG(25)(t0)
	sd	x26, TF_REG(26)(t0)
	sd	x27, TF_REG(27)(t0)
	sd	x28, TF_REG(28)(t0)
	sd	x29, TF_REG(29)(t0)
	sd	x30, TF_REG(30)(t0)
	sd	x31, TF_REG(31)(t0)
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
	sd	x1, TF_REG(1)(sp)
	sd	x3, TF_REG(3)(sp)
	sd	x4, TF_REG(4)(sp)
	sd	x5, TF_REG(5)(sp)
	sd	x6, TF_REG(6)(sp)
	sd	x7, TF_REG(7)(sp)
	sd	x8, TF_REG(8)(sp)
	sd	x9, TF_REG(9)(sp)
	sd	x10, TF_REG(10)(sp)
	sd	x11, TF_REG(11)(sp)
	sd	x12, TF_REG(12)(sp)
	sd	x13, TF_REG(13)(sp)
	sd	x14, TF_REG(14)(sp)
	sd	x15, TF_REG(15)(sp)
	sd	x16, TF_REG(16)(sp)
	sd	x17, TF_REG(17)(sp)
	sd	x18, TF_REG(18)(sp)
	sd	x19, TF_REG(19)(sp)
	sd	x20, TF_REG(20)(sp)
	sd	x21, TF_REG(21)(sp)
	sd	x22, TF_REG(22)(sp)
	sd	x23, TF_REG(23)(sp)
	sd	x24, TF_REG(24)(sp)
	sd	x25, TF_REG(25)(sp)
	sd	x26, TF_REG(26)(sp)
	sd	x27, TF_REG(27)(sp)
	sd	x28, TF_REG(28)(sp)
	sd	x29, TF_REG(29)(sp)
	sd	x30, TF_REG(30)(sp)
	sd	x31, TF_REG(31)(sp)
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
	ld	x1, TF_REG(1)(sp)
	ld	x3, TF_REG(3)(sp)
	ld	x4, TF_REG(4)(sp)
	ld	x5, TF_REG(5)(sp)
	ld	x6, TF_REG(6)(sp)
	ld	x7, TF_REG(7)(sp)
	ld	x8, TF_REG(8)(sp)
	ld	x9, TF_REG(9)(sp)
	ld	x10, TF_REG(10)(sp)
	ld	x11, TF_REG(11)(sp)
	ld	x12, TF_REG(12)(sp)
	ld	x13, TF_REG(13)(sp)
	ld	x14, TF_REG(14)(sp)
	ld	x15, TF_REG(15)(sp)
	ld	x16, TF_REG(16)(sp)
	ld	x17, TF_REG(17)(sp)
	ld	x18, TF_REG(18)(sp)
	ld	x19, TF_REG(19)(sp)
	ld	x20, TF_REG(20)(sp)
	ld	x21, TF_REG(21)(sp)
	ld	x22, TF_REG(22)(sp)
	ld	x23, TF_REG(23)(sp)
	ld	x24, TF_REG(24)(sp)
	ld	x25, TF_REG(25)(sp)
	ld	x26, TF_REG(26)(sp)
	ld	x27, TF_REG(27)(sp)
	ld	x28, TF_REG(28)(sp)
	ld	x29, TF_REG(29)(sp)
	ld	x30, TF_REG(30)(sp)
	ld	x31, TF_REG(31)(sp)
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
	ld	x1, TF_REG(1)(t6)
	ld	x2, TF_REG(2)(t6)
	ld	x3, TF_REG(3)(t6)
	ld	x4, TF_REG(4)(t6)
	ld	x5, TF_REG(5)(t6)
	ld	x6, TF_REG(6)(t6)
	ld	x7, TF_REG(7)(t6)
	ld	x8, TF_REG(8)(t6)
	ld	x9, TF_REG(9)(t6)
	ld	x10, TF_REG(10)(t6)
	ld	x11, TF_REG(11)(t6)
	ld	x12, TF_REG(12)(t6)
	ld	x13, TF_REG(13)(t6)
	ld	x14, TF_REG(14)(t6)
	ld	x15, TF_REG(15)(t6)
	ld	x16, TF_REG(16)(t6)
	ld	x17, TF_REG(17)(t6)
	ld	x18, TF_REG(18)(t6)
	ld	x19, TF_REG(19)(t6)
	ld	x20, TF_REG(20)(t6)
	ld	x21, TF_REG(21)(t6)
	ld	x22, TF_REG(22)(t6)
	ld	x23, TF_REG(23)(t6)
	ld	x24, TF_REG(24)(t6)
	ld	x25, TF_REG(25)(t6)
	ld	x26, TF_REG(26)(t6)
	ld	x27, TF_REG(27)(t6)
	ld	x28, TF_REG(28)(t6)
	ld	x29, TF_REG(29)(t6)
	ld	x30, TF_REG(30)(t6)
	ld	x31, TF_REG(31)(t6)
	sret
