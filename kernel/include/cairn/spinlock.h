/*
 * Spinlocks for short critical sections shared between harts. Acquire is an
 * amoswap with acquire ordering, release a fence then a plain store, so that
 * everything written inside the section is visible to the next holder. Locks
 * are not recursive and do not touch interrupts (the kernel runs with them
 * off for now). A zero-filled struct spinlock is an unlocked lock.
 */
#ifndef CAIRN_SPINLOCK_H
#define CAIRN_SPINLOCK_H

#include <stdint.h>

#include "cairn/riscv.h"

struct spinlock {
	volatile uint32_t locked;
};

static inline void spin_lock(struct spinlock *lock)
{
	for (;;) {
		if (riscv_amoswap_w_aq(&lock->locked, 1U) == 0)
			return;
		while (lock->locked != 0)
			riscv_relax();
	}
}

static inline void spin_unlock(struct spinlock *lock)
{
	riscv_fence_rw_w();
	lock->locked = 0;
}

#endif /* CAIRN_SPINLOCK_H */
