/*
 * latency: how long threads spinning at an outside program's ceiling on
 * every hart keep a service-level thread off the CPU once it is woken
 * (RFC-0010). init starts it at priority 4, the services' and the shell's
 * level (manifest.txt). It makes LATENCY_SPINNERS threads, lowers them to
 * priority 3, the ceiling init gives outside programs, and lets them spin;
 * each round one of them reads the time, stores it and signals a
 * notification this thread waits on, then goes on spinning. This thread
 * wakes, reads the time again, and the difference is the delay. The
 * scheduler has no per-process rule, so a priority-3 thread delays a
 * priority-4 one the same whichever process holds it; keeping both sides in
 * one process lets them share the clock readings without a channel.
 *
 * The check: three wakes in four ran within LATENCY_BOUND_NS (1 ms). On
 * two harts without -icount the clock is the host's, so the longest wake
 * also holds whatever the host took from QEMU's threads; the quarter left
 * over absorbs that. A kernel that lets the spinner run on to its next tick
 * (10 ms) misses the bound with most wakes (on one hart, with every wake).
 * The figures are printed; the marker only after the check passed.
 * Then the program says READY, so init starts the rest of the suite after it.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/client.h"

enum { LATENCY_H_SELF = 0, LATENCY_H_SUPERVISOR = 1, LATENCY_H_CONSOLE = 2, LATENCY_HANDLES = 3 };

#define LATENCY_MARKER "HOSTILE: woken service preempts spinners ok"

#define LATENCY_SPINNERS   3u	  /* threads at priority 3: every hart of up to three */
#define LATENCY_ROUNDS	   48u	  /* wakes measured */
#define LATENCY_SETTLE	   30000u /* loops a spinner runs after a round opens, so we block */
#define LATENCY_BOUND_NS   CAIRN_NS_PER_MS
#define LATENCY_CHECKED	   (LATENCY_ROUNDS * 3u / 4u) /* index, once sorted, that must be in bound */
#define LATENCY_OUTSIDE	   3u			      /* the priority init gives outside programs */
#define LATENCY_STACK_VA   0x2000200000ull
#define LATENCY_STACK_SIZE 0x4000u

/* What the spinners and this thread share: written by one side each, read by the other. */
struct latency_page {
	volatile uint32_t round; /* the round this thread waits in; 0 before the first */
	volatile uint32_t sent;	 /* the last round a spinner signalled */
	volatile uint64_t t0;	 /* when it signalled */
	volatile uint32_t stop;	 /* set when the rounds are over */
	volatile uint32_t ended; /* spinners that saw stop */
	cairn_handle_t wake;	 /* the notification this thread waits on */
};

static struct latency_page latency_page;

/* The system clock in nanoseconds; 0 if it cannot be read, which fails no bound. */
static uint64_t latency_now(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

/*
 * The spinner that opens a round first signals it; the others only spin.
 * They spin without a system call, so the kernel gets no chance to switch
 * but the tick and the wake-up it is tested for; only the one signalling
 * reads the clock, just before it signals.
 */
static void latency_spin(uint64_t arg)
{
	struct latency_page *p = &latency_page;

	(void)arg;
	while (p->stop == 0) {
		uint32_t round = p->round;

		if (round == p->sent ||
		    __atomic_exchange_n(&p->sent, round, __ATOMIC_ACQ_REL) == round)
			continue;
		for (volatile uint32_t i = 0; i < LATENCY_SETTLE; i++) {
			/* spin: let the waiter block first */
		}
		p->t0 = latency_now();
		(void)cairn_notification_signal(p->wake, 1);
	}
	__atomic_add_fetch(&p->ended, 1, __ATOMIC_ACQ_REL);
	cairn_thread_exit();
}

/* Start the spinners at priority 3, each on a stack of its own. */
static long latency_start(cairn_handle_t self)
{
	long vmo = cairn_vmo_create(self, (size_t)LATENCY_STACK_SIZE * LATENCY_SPINNERS);
	long rc = vmo < 0 ? vmo
			  : cairn_vmo_map(self, (cairn_handle_t)vmo, LATENCY_STACK_VA,
					  CAIRN_PROT_READ | CAIRN_PROT_WRITE);

	for (uint32_t i = 0; rc == 0 && i < LATENCY_SPINNERS; i++) {
		uintptr_t top = LATENCY_STACK_VA + (uintptr_t)LATENCY_STACK_SIZE * (i + 1);
		long t = cairn_thread_create(self, latency_spin, top, i);

		rc = t < 0 ? t : cairn_thread_set_priority((cairn_handle_t)t, LATENCY_OUTSIDE);
	}
	return rc;
}

/* Sort the first n delays (n is small). */
static void latency_sort(uint64_t *d, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		uint64_t v = d[i];
		uint32_t j = i;

		for (; j > 0 && d[j - 1] > v; j--)
			d[j] = d[j - 1];
		d[j] = v;
	}
}

/* Run the rounds: the delays in nanoseconds, or an error of a call. */
static long latency_measure(uint64_t *delays)
{
	struct latency_page *p = &latency_page;

	for (uint32_t k = 1; k <= LATENCY_ROUNDS; k++) {
		long rc;

		p->round = k;
		rc = cairn_notification_wait(p->wake, CAIRN_WAIT_FOREVER);
		if (rc < 0)
			return rc;
		uint64_t now = latency_now();

		/* Two harts' clocks can differ by a tick or two: a wake before the signal is 0. */
		delays[k - 1] = now > p->t0 ? now - p->t0 : 0;
	}
	p->stop = 1;
	while (p->ended < LATENCY_SPINNERS) /* block, so that they run even on one hart */
		(void)cairn_notification_wait(p->wake, LATENCY_BOUND_NS);
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	uint64_t d[LATENCY_ROUNDS];
	cairn_handle_t console;
	long rc;

	if (count < LATENCY_HANDLES)
		return 1; /* not started by init with manifest.txt's handles */
	console = handles[LATENCY_H_CONSOLE];
	rc = cairn_notification_create(handles[LATENCY_H_SELF]);
	if (rc >= 0) {
		latency_page.wake = (cairn_handle_t)rc;
		rc = latency_start(handles[LATENCY_H_SELF]);
	}
	if (rc == 0)
		rc = latency_measure(d);
	if (rc != 0) {
		(void)cairn_printf(console, "HOSTILE: latency FAIL (a call failed: %ld %s)\n", rc,
				   cairn_err_name(rc));
		return 1;
	}
	latency_sort(d, LATENCY_ROUNDS);
	(void)cairn_printf(console,
			   "latency: %u wakes under %u spinners, in ns: median %lu, "
			   "three in four within %lu, longest %lu (bound %lu)\n",
			   LATENCY_ROUNDS, LATENCY_SPINNERS, (unsigned long)d[LATENCY_ROUNDS / 2],
			   (unsigned long)d[LATENCY_CHECKED], (unsigned long)d[LATENCY_ROUNDS - 1],
			   (unsigned long)LATENCY_BOUND_NS);
	if (d[LATENCY_CHECKED] > LATENCY_BOUND_NS) {
		(void)cairn_printf(
			console,
			"HOSTILE: latency FAIL (a quarter of the wakes took over %lu ns, "
			"bound %lu)\n",
			(unsigned long)d[LATENCY_CHECKED], (unsigned long)LATENCY_BOUND_NS);
		return 1;
	}
	(void)cairn_printf(console, "%s\n", LATENCY_MARKER);
	return svc_ready(handles[LATENCY_H_SUPERVISOR]) != 0;
}
