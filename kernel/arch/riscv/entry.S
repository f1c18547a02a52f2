/*
 * Kernel entry points, in S-mode with paging off.
 *
 * _start: OpenSBI enters here on the boot hart only (any hart id) with
 * a0 = hart id, a1 = device tree. It clears bss, takes slot 0's stack and
 * calls kmain. smp_hart_entry: SBI HSM starts every other hart here with
 * a0 = hart id, a1 = the slot smp.c gave it; it takes that slot's stack and
 * calls smp_hart_main. Both point stvec at trap_vector (trapentry.S)
 * first, and keep the slot number in tp.
 */
#include "cairn/memlayout.h"

	.section .text.entry, "ax", @progbits
	.globl _start
_start:
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
