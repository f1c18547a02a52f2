/*
 * Bringing up the other harts, and running a function on every online hart.
 *
 * The boot hart holds slot 0. smp_init gives each other hart the device tree
 * lists a slot (up to SMP_MAX_HARTS in all), starts it through SBI HSM with
 * its slot number as the opaque argument, and waits, bounded, for each to
 * check in. A started hart runs on its slot's stack and then waits for work
 * from smp_run_on_all. Harts never stop once started.
 *
 * Once they run the scheduler, harts signal each other through the firmware:
 * a kick (an IPI) wakes an idle hart, and a remote fence makes harts drop
 * stale translations. smp_init refuses to go on without both extensions.
 */
#ifndef CAIRN_SMP_H
#define CAIRN_SMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/dtb.h"
#include "cairn/memlayout.h"

#define SMP_MAX_HARTS 8

/*
 * How long smp_init waits for the started harts to check in. Generous on
 * purpose: without -icount the guest's clock is the host's, and a loaded
 * host can keep a hart's thread off its CPUs for seconds; the wait ends as
 * soon as every hart is in, so only a hart that never comes pays for it.
 */
#define SMP_CHECKIN_TIMEOUT_MS 5000
/* How long smp_init asks again for a hart SBI calls busy (one on its way back to stopped). */
#define SMP_START_RETRY_MS 200

/* What the kernel knows about the hart in one slot. */
struct smp_hart_info {
	unsigned long hartid;	   /* from the device tree */
	int start_err;		   /* what SBI hart_start returned (0 for the boot hart) */
	bool checked_in;	   /* it reached C code on its own stack */
	unsigned long seen_hartid; /* the hart id it was entered with */
};

typedef void (*smp_work_fn)(size_t slot, void *arg);

/* One boot stack per slot; entry.S picks the one for the slot it is given. */
extern uint8_t smp_stacks[SMP_MAX_HARTS][MEMLAYOUT_KSTACK_SIZE];

/* Start every other hart in `dt` (up to SMP_MAX_HARTS); see above. */
void smp_init(const struct dtb_info *dt, unsigned long boot_hartid);

/* Slots in use: the boot hart plus every hart smp_init tried to start. */
size_t smp_hart_count(void);

/* Harts that checked in, the boot hart included. */
size_t smp_online_count(void);

/* Copy slot `slot`'s state into *ret_info; 0, or ERR_RANGE for an unused slot. */
int smp_hart_info(size_t slot, struct smp_hart_info *ret_info);

/*
 * Run fn(slot, arg) on every online hart, the calling boot hart included, and
 * wait up to timeout_ms for the others to return. Returns 0 or ERR_TIMEOUT.
 * After a timeout a slow hart may still be inside fn, so callers must not
 * hand out more work.
 */
int smp_run_on_all(smp_work_fn fn, void *arg, uint64_t timeout_ms);

/*
 * Raise the supervisor software interrupt on the hart in `slot` (online),
 * to end its wait for work. Cannot fail: smp_init made sure the firmware
 * offers the IPI extension.
 */
void smp_kick(size_t slot);

/*
 * Make every hart in `slots` (bit n for slot n, all online) forget the
 * translations of [va, va + size) it may hold, and wait until it has.
 * Cannot fail: smp_init made sure the firmware offers the RFENCE extension.
 */
void smp_fence_remote(unsigned long slots, uint64_t va, uint64_t size);

/* Where SBI starts a secondary hart (entry.S): a0 = hart id, a1 = slot. */
void smp_hart_entry(void);

/* C entry of a secondary hart, on its own stack; never returns. */
__attribute__((noreturn)) void smp_hart_main(unsigned long hartid, unsigned long slot);

#endif /* CAIRN_SMP_H */
