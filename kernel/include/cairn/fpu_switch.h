/*
 * The two points where a hart's floating-point registers change hands
 * (cairn/fpu.h says the rules). Inline: on a trap that neither uses nor
 * switches floating-point state they cost a few instructions; the work is
 * out of line in kernel/proc/fpu.c.
 */
#ifndef CAIRN_FPU_SWITCH_H
#define CAIRN_FPU_SWITCH_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/fpu.h"
#include "cairn/proc.h"
#include "cairn/riscv.h"
#include "cairn/trap.h"

/* Save t's changed registers into t->fp (sstatus.FS was Dirty). */
void fpu_save_dirty(struct hart_ctx *hart, struct thread *t);

/* Load t's registers, or zeros for a thread that never used them, into this hart. */
void fpu_load_for(struct hart_ctx *hart, struct thread *t);

/* Trap entry from user: keep the running thread's registers if it changed them. */
static inline void fpu_leave(struct hart_ctx *hart, struct thread *t)
{
	/* sstatus.SD, the sign bit, is set exactly when FS is Dirty (no XS or VS here). */
	if ((int64_t)riscv_sstatus() < 0)
		fpu_save_dirty(hart, t);
}

/* Whether this hart's registers already hold what `t` must see. */
static inline bool fpu_hart_holds(const struct hart_ctx *hart, const struct thread *t)
{
	if (!t->fp_used)
		return hart->fp_owner == hart; /* zeros (kernel/proc/fpu.c) */
	return hart->fp_owner == t && t->fp_hart == hart->slot + 1;
}

/* Just before returning to `t` on this hart: make the hart's registers `t`'s. */
static inline void fpu_enter(struct hart_ctx *hart, struct thread *t)
{
	if (!fpu_hart_holds(hart, t))
		fpu_load_for(hart, t);
}

#endif /* CAIRN_FPU_SWITCH_H */
