/*
 * Secondary hart start-up and the work hand-off between harts (see
 * cairn/smp.h). Owns the per-slot stacks and states. It reports what
 * happened; judging whether that is good enough is the self-tests' job.
 */
#include "cairn/smp.h"

#include "cairn/clock.h"
#include "cairn/console.h"
#include "cairn/error.h"
#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/sbi.h"

_Static_assert(MEMLAYOUT_KSTACK_SIZE % 16 == 0, "stacks must keep 16-byte alignment");
_Static_assert(SMP_MAX_HARTS <= 8 * sizeof(unsigned long), "a slot mask holds every slot");

uint8_t smp_stacks[SMP_MAX_HARTS][MEMLAYOUT_KSTACK_SIZE] __attribute__((aligned(16)));

struct smp_slot {
	unsigned long hartid;
	int start_err;
	uint32_t checked_in; /* set once, with release ordering, by the hart itself */
	unsigned long seen_hartid;
};

static struct smp_slot smp_slots[SMP_MAX_HARTS];
static size_t smp_slot_count;

/* The current piece of work; a new generation number announces it. */
static struct {
	smp_work_fn fn;
	void *arg;
	uint32_t generation;
	uint32_t done;
} smp_work;

static bool smp_slot_online(const struct smp_slot *s)
{
	return __atomic_load_n(&s->checked_in, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Give `hartid` the next slot and ask SBI to start it there. A hart the
 * firmware wrongly sent to _start is on its way back to stopped
 * (entry.S): while SBI says it is busy, ask again, for a bounded time.
 */
static void smp_start_hart(unsigned long hartid)
{
	size_t slot = smp_slot_count++;
	struct smp_slot *s = &smp_slots[slot];
	uint64_t deadline = clock_deadline_ms(SMP_START_RETRY_MS);

	s->hartid = hartid;
	do {
		s->start_err = sbi_hart_start(hartid, (uintptr_t)smp_hart_entry, slot);
	} while (s->start_err == ERR_BUSY && !clock_is_past(deadline));
	if (s->start_err != 0)
		kprintf("smp: hart %lu did not start: %s\n", hartid, err_describe(s->start_err));
}

/* Say what SBI thinks of a started hart that never checked in: the state tells why. */
static void smp_report_missing(const struct smp_slot *s)
{
	unsigned long state = 0;
	int err = sbi_hart_get_status(s->hartid, &state);

	if (err != 0)
		kprintf("smp: hart %lu did not check in within %d ms (HSM status: %s)\n", s->hartid,
			SMP_CHECKIN_TIMEOUT_MS, err_describe(err));
	else
		kprintf("smp: hart %lu did not check in within %d ms (HSM state %lu)\n", s->hartid,
			SMP_CHECKIN_TIMEOUT_MS, state);
}

/*
 * A hart the firmware wrongly sent to _start gives itself back (entry.S) and
 * may reach STOPPED only after hart_start accepted it, which then never runs
 * smp_hart_entry: seen once, as a 2-hart boot whose hart 0 sat in HSM state
 * STOPPED at the end of the wait. Start such a hart again, at its slot.
 */
static void smp_restart_stopped(void)
{
	for (size_t i = 1; i < smp_slot_count; i++) {
		struct smp_slot *s = &smp_slots[i];
		unsigned long state = 0;

		if (smp_slot_online(s) || (s->start_err != 0 && s->start_err != ERR_BUSY) ||
		    sbi_hart_get_status(s->hartid, &state) != 0 || state != SBI_HART_STOPPED)
			continue;
		s->start_err = sbi_hart_start(s->hartid, (uintptr_t)smp_hart_entry, i);
		kprintf("smp: hart %lu was stopped again after its start; started it again: %s\n",
			s->hartid, err_describe(s->start_err));
	}
}

/* Slots whose hart has not checked in yet, the ones still worth waiting for included. */
static size_t smp_missing_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < smp_slot_count; i++) {
		const struct smp_slot *s = &smp_slots[i];

		n += !smp_slot_online(s) && (s->start_err == 0 || s->start_err == ERR_BUSY) ? 1 : 0;
	}
	return n;
}

/* Wait, bounded, until every started hart has checked in. */
static void smp_wait_checkins(void)
{
	uint64_t deadline = clock_deadline_ms(SMP_CHECKIN_TIMEOUT_MS);

	while (smp_missing_count() > 0 && !clock_is_past(deadline)) {
		smp_restart_stopped();
		clock_nap(deadline);
	}
	for (size_t i = 0; i < smp_slot_count; i++) {
		const struct smp_slot *s = &smp_slots[i];

		if (s->start_err == 0 && !smp_slot_online(s))
			smp_report_missing(s);
	}
}

/* Kicks and remote fences cannot fail later, so their absence stops the boot here. */
static void smp_require_signals(void)
{
	if (!sbi_has_extension(SBI_EXT_IPI))
		PANIC("the firmware offers no SBI IPI extension");
	if (!sbi_has_extension(SBI_EXT_RFENCE))
		PANIC("the firmware offers no SBI RFENCE extension");
}

void smp_init(const struct dtb_info *dt, unsigned long boot_hartid)
{
	smp_require_signals();
	smp_slots[0] = (struct smp_slot){.hartid = boot_hartid, .seen_hartid = boot_hartid};
	__atomic_store_n(&smp_slots[0].checked_in, 1, __ATOMIC_RELEASE);
	smp_slot_count = 1;
	if (dt->hart_count > SMP_MAX_HARTS)
		kprintf("smp: the device tree lists %lu harts; SMP_MAX_HARTS is %d, so %lu stay "
			"stopped\n",
			(unsigned long)dt->hart_count, SMP_MAX_HARTS,
			(unsigned long)(dt->hart_count - SMP_MAX_HARTS));
	for (size_t i = 0; i < dt->hart_count && smp_slot_count < SMP_MAX_HARTS; i++) {
		if (dt->harts[i] != boot_hartid)
			smp_start_hart(dt->harts[i]);
	}
	smp_wait_checkins();
}

size_t smp_hart_count(void)
{
	return smp_slot_count;
}

size_t smp_online_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < smp_slot_count; i++)
		n += smp_slot_online(&smp_slots[i]) ? 1 : 0;
	return n;
}

int smp_hart_info(size_t slot, struct smp_hart_info *ret_info)
{
	if (slot >= smp_slot_count)
		return ERR_RANGE;
	const struct smp_slot *s = &smp_slots[slot];
	*ret_info = (struct smp_hart_info){
		.hartid = s->hartid,
		.start_err = s->start_err,
		.checked_in = smp_slot_online(s),
		.seen_hartid = s->seen_hartid,
	};
	return 0;
}

int smp_run_on_all(smp_work_fn fn, void *arg, uint64_t timeout_ms)
{
	uint32_t others = (uint32_t)smp_online_count() - 1;

	smp_work.fn = fn;
	smp_work.arg = arg;
	__atomic_store_n(&smp_work.done, 0, __ATOMIC_RELAXED);
	__atomic_fetch_add(&smp_work.generation, 1, __ATOMIC_RELEASE);
	fn(0, arg);

	uint64_t deadline = clock_deadline_ms(timeout_ms);
	while (__atomic_load_n(&smp_work.done, __ATOMIC_ACQUIRE) < others) {
		if (clock_is_past(deadline))
			return ERR_TIMEOUT;
		clock_nap(deadline);
	}
	return 0;
}

void smp_kick(size_t slot)
{
	int err = sbi_send_ipi(1, smp_slots[slot].hartid);

	if (err != 0)
		PANIC("IPI to hart %lu refused: %s", smp_slots[slot].hartid, err_describe(err));
}

/* One SBI call per hart: hart ids need not fit one mask, and there are few harts. */
void smp_fence_remote(unsigned long slots, uint64_t va, uint64_t size)
{
	for (size_t i = 0; i < smp_slot_count; i++) {
		if ((slots & (1UL << i)) == 0)
			continue;
		int err = sbi_remote_sfence_vma(1, smp_slots[i].hartid, va, size);
		if (err != 0)
			PANIC("remote fence on hart %lu refused: %s", smp_slots[i].hartid,
			      err_describe(err));
	}
}

/* A secondary hart's life after check-in: run each new piece of work once. */
__attribute__((noreturn)) static void smp_serve(size_t slot, uint32_t seen)
{
	for (;;) {
		uint32_t generation = __atomic_load_n(&smp_work.generation, __ATOMIC_ACQUIRE);

		if (generation == seen) {
			clock_nap(UINT64_MAX);
			continue;
		}
		seen = generation;
		smp_work.fn(slot, smp_work.arg);
		__atomic_fetch_add(&smp_work.done, 1, __ATOMIC_RELEASE);
	}
}

void smp_hart_main(unsigned long hartid, unsigned long slot)
{
	if (slot == 0 || slot >= SMP_MAX_HARTS)
		PANIC("hart %lu entered with slot %lu", hartid, slot);
	struct smp_slot *s = &smp_slots[slot];
	uint32_t seen = __atomic_load_n(&smp_work.generation, __ATOMIC_ACQUIRE);

	s->seen_hartid = hartid;
	__atomic_store_n(&s->checked_in, 1, __ATOMIC_RELEASE);
	smp_serve(slot, seen);
}
