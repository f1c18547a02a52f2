/*
 * Per-thread floating-point state: the out-of-line halves of
 * cairn/fpu_switch.h. fpu.S moves the registers.
 *
 * A hart's fp_owner says whose values its f-registers hold: a thread, the
 * hart's own context (all zero, what every thread that never used them must
 * see; the IPC fast path checks that with no extra load), or NULL (unknown,
 * as the firmware left them). Switching between threads that
 * never used floating point, the common case for services, loads nothing.
 */
#include "cairn/fpu_switch.h"

const struct fpu_state fpu_zeros;

/* Mark the hart's registers as matching their saved copy. */
static void fpu_set_clean(void)
{
	riscv_sstatus_clear(RISCV_SSTATUS_FS);
	riscv_sstatus_set(RISCV_SSTATUS_FS_CLEAN);
}

void fpu_save_dirty(struct hart_ctx *hart, struct thread *t)
{
	fpu_save(&t->fp);
	t->fp_used = true;
	t->fp_hart = hart->slot + 1;
	hart->fp_owner = t;
	fpu_set_clean();
}

void fpu_load_for(struct hart_ctx *hart, struct thread *t)
{
	const struct fpu_state *s = t->fp_used ? &t->fp : &fpu_zeros;

	fpu_set_clean(); /* FS must not be Off for the loads */
	fpu_load(s);
	fpu_set_clean(); /* the loads marked them Dirty; they match `s` */
	hart->fp_owner = t->fp_used ? (void *)t : (void *)hart;
	t->fp_hart = hart->slot + 1;
}
