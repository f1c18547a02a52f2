/*
 * Per-thread floating-point state (RFC-0010, ADR-0005). User programs are
 * built rv64gc/lp64d, so every thread owns f0-f31 and fcsr. The kernel itself
 * uses no floating point.
 *
 * Leaving user mode, a hart saves the registers into the running thread only
 * when sstatus.FS says they are Dirty. Returning to user mode, it loads a
 * thread's registers only when they are not already the ones in the hart:
 * the hart remembers whose registers it holds, the thread remembers on which
 * hart its registers were left, and both must agree. A new thread starts with
 * zeroed registers and fcsr, loaded before its first instruction.
 */
#ifndef CAIRN_FPU_H
#define CAIRN_FPU_H

#define FPU_STATE_FCSR 256 /* offsetof(struct fpu_state, fcsr), for fpu.S */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* The saved registers; struct thread holds one (fpu_save and fpu_load know its layout). */
struct fpu_state {
	uint64_t f[32];
	uint64_t fcsr;
};

_Static_assert(offsetof(struct fpu_state, fcsr) == FPU_STATE_FCSR, "fcsr offset");

/* What a thread that never used its f-registers sees in them. */
extern const struct fpu_state fpu_zeros;

/* fpu.S: store or load f0-f31 and fcsr; sstatus.FS must not be Off. */
void fpu_save(struct fpu_state *s);
void fpu_load(const struct fpu_state *s);

#endif /* __ASSEMBLER__ */
#endif /* CAIRN_FPU_H */
