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

struct spinlock {
	volatile uint32_t locked;
};

static inline void spin_lock(struct spinlock *lock)
{
	uint32_t was = 1;

	for (;;) {
		__asm__ volatile("amoswap.w.aq %0, %2, %1"
				 : "=r"(was), "+A"(lock->locked)
				 : "r"(1U)
				 : "memory");
		if (was == 0)
			return;
		while (lock->locked != 0)
			__asm__ volatile("nop" ::: "memory");
	}
}

static inline void spin_unlock(struct spinlock *lock)
{
	__asm__ volatile("fence rw, w" ::: "memory");
	lock->locked = 0;
}

#endif /* CAIRN_SPINLOCK_H */
