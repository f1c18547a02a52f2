/*
 * Boot self-tests. Each test checks one behaviour for real and prints its
 * registered marker (cairn/markers.h) only when the check passed; a failing
 * test prints "KSELFTEST: <what> FAIL (<reason>)" and the others still run.
 * The table below is the whole list, in the order the markers must appear.
 */
#include "cairn/selftest.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "cairn/clock.h"
#include "cairn/console.h"
#include "cairn/error.h"
#include "cairn/finisher.h"
#include "cairn/fmt.h"
#include "cairn/kernel_image.h"
#include "cairn/markers.h"
#include "cairn/riscv.h"
#include "cairn/sbi.h"
#include "cairn/sched.h"
#include "cairn/selftest_case.h"
#include "cairn/smp.h"
#include "cairn/spinlock.h"

/*
 * Lock test: increments per hart; how often, at least, the lock must pass
 * from one hart to another for the run to count as concurrent; how long a
 * hart spins at the start line before it naps; how long the harts may work,
 * and how long the boot hart waits for them.
 */
#define SELFTEST_LOCK_ROUNDS	   10000
#define SELFTEST_LOCK_MIN_HANDOFFS 32
#define SELFTEST_LOCK_SPIN_MS	   20
#define SELFTEST_LOCK_WORK_MS	   5000
#define SELFTEST_LOCK_TIMEOUT_MS   8000

struct selftest {
	const char *what;   /* words naming the test in a FAIL line */
	const char *marker; /* printed when it passes */
	bool (*run)(const struct boot_info *boot, struct selftest_reason *why);
};

bool selftest_fail(struct selftest_reason *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)fmt_vsnprintf(why->text, sizeof(why->text), fmt, ap);
	va_end(ap);
	return false;
}

/* SBI v0.2 or later, with the HSM and TIME extensions. */
static bool selftest_sbi(const struct boot_info *boot, struct selftest_reason *why)
{
	struct sbi_version v = sbi_spec_version();

	(void)boot;
	if (v.major == 0 && v.minor < 2)
		return selftest_fail(why, "spec version %lu.%lu is below 0.2", v.major, v.minor);
	if (!sbi_has_extension(SBI_EXT_HSM))
		return selftest_fail(why, "no HSM extension");
	if (!sbi_has_extension(SBI_EXT_TIME))
		return selftest_fail(why, "no TIME extension");
	return true;
}

static bool selftest_image_in_memory(const struct dtb_info *dt)
{
	uintptr_t start = (uintptr_t)_kernel_start;
	uintptr_t end = (uintptr_t)_kernel_end;

	for (size_t i = 0; i < dt->mem_count; i++) {
		const struct dtb_range *r = &dt->mem[i];

		if (start >= r->base && end <= r->base + r->size)
			return true;
	}
	return false;
}

/* The device tree gave memory, harts including this one, and bootargs. */
static bool selftest_fdt(const struct boot_info *boot, struct selftest_reason *why)
{
	const struct dtb_info *dt = &boot->dt;

	if (dt->mem_total == 0)
		return selftest_fail(why, "no memory");
	if (dt->hart_count == 0)
		return selftest_fail(why, "no harts");
	if (!dtb_has_hart(dt, boot->hartid))
		return selftest_fail(why, "boot hart %lu is not listed", boot->hartid);
	if (!selftest_image_in_memory(dt))
		return selftest_fail(why, "kernel image %p-%p is outside memory",
				     (void *)_kernel_start, (void *)_kernel_end);
	if (!dt->has_bootargs)
		return selftest_fail(why, "no bootargs");
	return true;
}

/* One slot's hart checked in as itself, and SBI agrees it is running. */
static bool selftest_hart_slot(size_t slot, struct selftest_reason *why)
{
	struct smp_hart_info info;
	unsigned long state;
	int err;

	if ((err = smp_hart_info(slot, &info)) != 0)
		return selftest_fail(why, "slot %lu: %s", (unsigned long)slot, err_describe(err));
	if (info.start_err != 0)
		return selftest_fail(why, "hart %lu did not start: %s", info.hartid,
				     err_describe(info.start_err));
	if (!info.checked_in)
		return selftest_fail(why, "hart %lu did not check in", info.hartid);
	if (info.seen_hartid != info.hartid)
		return selftest_fail(why, "hart %lu checked in as hart %lu", info.hartid,
				     info.seen_hartid);
	if ((err = sbi_hart_get_status(info.hartid, &state)) != 0)
		return selftest_fail(why, "hart %lu status: %s", info.hartid, err_describe(err));
	if (state != SBI_HART_STARTED)
		return selftest_fail(why, "hart %lu is in HSM state %lu", info.hartid, state);
	return true;
}

/* Every hart the tree lists, up to SMP_MAX_HARTS, is online. */
static bool selftest_harts(const struct boot_info *boot, struct selftest_reason *why)
{
	size_t listed = boot->dt.hart_count;
	size_t expected = listed < SMP_MAX_HARTS ? listed : SMP_MAX_HARTS;

	if (smp_hart_count() != expected)
		return selftest_fail(why, "%lu harts brought up, expected %lu",
				     (unsigned long)smp_hart_count(), (unsigned long)expected);
	for (size_t slot = 0; slot < expected; slot++) {
		if (!selftest_hart_slot(slot, why))
			return false;
	}
	return true;
}

/* Shared state of the lock test. */
struct selftest_lock {
	struct spinlock lock;
	volatile uint64_t counter; /* the lock guards these three */
	size_t last_slot;
	uint64_t handoffs; /* acquisitions that followed another hart's */
	uint32_t participants;
	uint32_t arrived; /* atomic: harts at the start line */
	uint64_t ledger;  /* atomic: the sum of the increments each hart counted itself */
	uint64_t deadline;
};

/*
 * Wait for every participant so that all of them increment at once. Spin at
 * first, for the tightest start; nap after a while, so that a hart still
 * asleep in smp_serve gets to run when harts share one host thread (icount).
 */
static bool selftest_lock_start_line(struct selftest_lock *t)
{
	uint64_t spin_until = clock_deadline_ms(SELFTEST_LOCK_SPIN_MS);

	__atomic_fetch_add(&t->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&t->arrived, __ATOMIC_ACQUIRE) < t->participants) {
		if (clock_is_past(t->deadline))
			return false;
		if (clock_is_past(spin_until))
			clock_nap(t->deadline);
		else
			riscv_relax();
	}
	return true;
}

/* One increment under the lock, done the slow way; returns the hand-offs so far. */
static uint64_t selftest_lock_increment(struct selftest_lock *t, size_t slot)
{
	spin_lock(&t->lock);
	uint64_t v = t->counter;
	/* Widen the read-modify-write window so a broken lock loses updates. */
	riscv_relax();
	riscv_relax();
	t->counter = v + 1;
	if (t->last_slot != slot)
		t->handoffs++;
	t->last_slot = slot;
	uint64_t handoffs = t->handoffs;
	spin_unlock(&t->lock);
	return handoffs;
}

/*
 * Runs on every online hart: ROUNDS increments. If by then the harts have
 * taken turns too seldom for the count to prove anything (a busy host can
 * run them one after the other), keep going, napping between increments so
 * the others get in, until they have or time is up.
 */
static void selftest_lock_worker(size_t slot, void *arg)
{
	struct selftest_lock *t = arg;
	uint64_t mine = 0;
	uint64_t handoffs = 0;

	if (!selftest_lock_start_line(t))
		return;
	while (mine < SELFTEST_LOCK_ROUNDS ||
	       (t->participants > 1 && handoffs < SELFTEST_LOCK_MIN_HANDOFFS)) {
		if (clock_is_past(t->deadline))
			break;
		if (mine >= SELFTEST_LOCK_ROUNDS)
			clock_nap(t->deadline);
		handoffs = selftest_lock_increment(t, slot);
		mine++;
	}
	__atomic_fetch_add(&t->ledger, mine, __ATOMIC_RELAXED);
}

/* Judge a finished run: every hart took part, overlapped, and lost nothing. */
static bool selftest_lock_verdict(const struct selftest_lock *t, struct selftest_reason *why)
{
	uint64_t ledger = __atomic_load_n(&t->ledger, __ATOMIC_RELAXED);
	uint32_t arrived = __atomic_load_n(&t->arrived, __ATOMIC_RELAXED);

	if (arrived < t->participants)
		return selftest_fail(why, "%u of %u harts reached the start", arrived,
				     t->participants);
	if (t->counter != ledger)
		return selftest_fail(why, "counter %lu, but the harts added %lu",
				     (unsigned long)t->counter, (unsigned long)ledger);
	if (ledger < (uint64_t)t->participants * SELFTEST_LOCK_ROUNDS)
		return selftest_fail(why, "%lu increments, expected at least %lu",
				     (unsigned long)ledger,
				     (unsigned long)t->participants * SELFTEST_LOCK_ROUNDS);
	if (t->participants > 1 && t->handoffs < SELFTEST_LOCK_MIN_HANDOFFS)
		return selftest_fail(why, "harts took turns only %lu times",
				     (unsigned long)t->handoffs);
	return true;
}

/* Every online hart increments a shared counter under the lock; no update is lost. */
static bool selftest_smp_lock(const struct boot_info *boot, struct selftest_reason *why)
{
	static struct selftest_lock t;
	int err;

	(void)boot;
	t = (struct selftest_lock){
		.participants = (uint32_t)smp_online_count(),
		.last_slot = SMP_MAX_HARTS, /* no hart: the first acquisition is a hand-off */
		.deadline = clock_deadline_ms(SELFTEST_LOCK_WORK_MS),
	};
	err = smp_run_on_all(selftest_lock_worker, &t, SELFTEST_LOCK_TIMEOUT_MS);
	if (err != 0)
		return selftest_fail(why, "harts did not finish: %s", err_describe(err));
	kprintf("smp lock: harts=%u increments=%lu hand-offs=%lu\n", t.participants,
		(unsigned long)t.counter, (unsigned long)t.handoffs);
	return selftest_lock_verdict(&t, why);
}

static const struct selftest selftests[] = {
	{"sbi", MARKER_SELFTEST_SBI, selftest_sbi},
	{"fdt", MARKER_SELFTEST_FDT, selftest_fdt},
	{"harts online", MARKER_SELFTEST_HARTS, selftest_harts},
	{"smp lock", MARKER_SELFTEST_SMP_LOCK, selftest_smp_lock},
	{"frames", MARKER_SELFTEST_FRAMES, selftest_frames},
	{"wx", MARKER_SELFTEST_WX, selftest_wx},
	{"uaccess", MARKER_SELFTEST_UACCESS, selftest_uaccess},
	{"quota release", MARKER_SELFTEST_QUOTA, selftest_quota},
	{"timer", MARKER_SELFTEST_TIMER, selftest_timer},
};

static bool selftest_boot_passed;

bool selftest_run_all(const struct boot_info *boot)
{
	bool all_passed = true;

	for (size_t i = 0; i < sizeof(selftests) / sizeof(selftests[0]); i++) {
		const struct selftest *t = &selftests[i];
		struct selftest_reason why = {"no reason given"};

		if (t->run(boot, &why)) {
			kprintf("%s\n", t->marker);
		} else {
			kprintf("KSELFTEST: %s FAIL (%s)\n", t->what, why.text);
			all_passed = false;
		}
	}
	selftest_boot_passed = all_passed;
	return all_passed;
}

void selftest_finish(bool all_passed)
{
	if (!all_passed)
		finisher_fail(FINISHER_CODE_SELFTEST);
	kprintf(MARKER_SELFTEST_ALL "\n");
	finisher_pass();
}

void selftest_after_init(uint32_t status)
{
	bool harts_ok = sched_every_hart_ran_user();

	kprintf("init exited with status 0x%x\n", status);
	if (harts_ok)
		kprintf(MARKER_SELFTEST_USER_HARTS "\n");
	else
		kprintf("KSELFTEST: every hart ran user FAIL (a hart never entered user mode)\n");
	selftest_finish(selftest_boot_passed && harts_ok && status == 0);
}
