/*
 * The register lists of the kernel's assembly, written once (RFC-0016), and
 * the two macros that move a list between registers and a frame laid out as
 * struct trap_frame (x1..x31 at TF_REG(n), cairn/trap.h). Assembly only.
 */
#ifndef CAIRN_ARCH_RISCV_REGS_H
#define CAIRN_ARCH_RISCV_REGS_H

#include "cairn/trap.h"

/* Assembler macros, which clang-format would take for C. */
/* clang-format off */
/* What the entry saves of a user trap once t0 and t1 are its own: everything but a0 too. */
#define REGS_ENTRY 1, 2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, \
		   25, 26, 27, 28, 29, 30, 31
/* A trap taken in S-mode: every register but sp, which the frame lives on. */
#define REGS_KERNEL 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, \
		    22, 23, 24, 25, 26, 27, 28, 29, 30, 31
/* Every register, base (t6, x31) last. */
#define REGS_ALL 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, \
		 23, 24, 25, 26, 27, 28, 29, 30, 31
/* A thread the IPC fast path resumes: all but a0..a5, which carry the result and message. */
#define REGS_BUT_MESSAGE 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, \
			 26, 27, 28, 29, 30, 31

/* sd xN, TF_REG(N)(base) for every N of the list, in its order. */
.macro SAVE_REGS base, regs:vararg
	.irp	n, \regs
	sd	x\n, TF_REG(\n)(\base)
	.endr
.endm

/* ld xN, TF_REG(N)(base) for every N of the list, in its order. */
.macro LOAD_REGS base, regs:vararg
	.irp	n, \regs
	ld	x\n, TF_REG(\n)(\base)
	.endr
.endm
/* clang-format on */

#endif /* CAIRN_ARCH_RISCV_REGS_H */
