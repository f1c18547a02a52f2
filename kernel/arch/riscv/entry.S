/*
 * Kernel entry points, in S-mode with paging off.
 *
 * _start: OpenSBI enters here on the boot hart only (any hart id) with
 * a0 = hart id, a1 = device tree. It clears bss, takes slot 0's stack and
 * calls kmain. Should the firmware ever send a second hart here (seen once
 * in about 160 two-hart boots: a second hart entered while the first was
 * already in kmain, and its bss clear wrecked the boot), only the first
 * arrival boots: a later one gives itself back to the firmware with HSM
 * hart_stop, and smp_init starts it at smp_hart_entry like any other. smp_hart_entry: SBI HSM starts every other hart here with
 * a0 = hart id, a1 = the slot smp.c gave it; it takes that slot's stack and
 * calls smp_hart_main. Both point stvec at trap_vector (trapentry.S)
 * first, and keep the slot number in tp.
 */
#include "cairn/memlayout.h"

#define SBI_EXT_HSM_ID	  0x48534d
#define SBI_HSM_HART_STOP 1

	.section .text.entry, "ax", @progbits
	.globl _start
_start:
	la	t0, boot_entered
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, start_again
	/* Clear bss with registers only: the stacks live in bss. */
	la	t0, _bss_start
	la	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	li	a2, 0
	la	ra, kmain
	j	enter_c

start_again:
	li	a7, SBI_EXT_HSM_ID
	li	a6, SBI_HSM_HART_STOP
	ecall
	j	park			/* hart_stop returns only when it failed */

	.data
	.balign 4
boot_entered:			/* in .data: _start's bss clear must not reset it */
	.word	0

	.text
	.globl smp_hart_entry
smp_hart_entry:
	mv	a2, a1
	la	ra, smp_hart_main
	/* fall through */

/*
 * Common tail: a2 = slot, ra = the C function to call with (a0, a1).
 * Neither C entry returns; park the hart if one ever does.
 */
enter_c:
	mv	tp, a2
	la	t0, trap_vector
	csrw	stvec, t0
	la	sp, smp_stacks
	addi	t0, a2, 1
	li	t1, MEMLAYOUT_KSTACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0
	mv	s0, zero		/* ends frame-pointer backtraces here */
	mv	t0, ra
	jalr	ra, t0
park:
	wfi
	j	park
