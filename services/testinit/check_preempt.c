/*
 * The preemption proof (MARKER_INIT_PREEMPT): spinners that never yield each
 * count in a page of their own, and init, which never yields either, watches
 * every counter move, round after round, then finds them still running, kills
 * them and reaps each with CAIRN_EXIT_KILLED. On one hart that needs the
 * timer to take the CPU from each of them in turn.
 *
 * There are as many spinners as the kernel can run harts (SMP_MAX_HARTS), so
 * with init there are more threads that never block than harts, and every
 * hart has user code to run while this check lasts: the kernel's "every hart
 * ran user" check at the end of the run depends on it. init does not know,
 * and need not know, how many harts there are.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/proc.h"
#include "cairn/sys.h"
#include "testinit.h"

#define PREEMPT_SPINNERS 8 /* the kernel's SMP_MAX_HARTS */
/* Iterations of an unyielding read loop before a spinner's counter counts as stuck. */
#define PREEMPT_SPIN_LIMIT (1ull << 28)
#define PREEMPT_ROUNDS	   3

/* One spinner and the page it counts in; a handle of 0 was never made (handles are never 0). */
struct preempt_spinner {
	cairn_handle_t vmo;
	cairn_handle_t proc;
};

/* Where init sees spinner i's counter: its page, mapped read-only. */
static uintptr_t counter_addr(size_t i)
{
	return (uintptr_t)(TESTINIT_MAP_A + i * CAIRN_PAGE_SIZE);
}

/* Makes spinner i's page, maps it for init to read, and starts the spinner on it. */
static int start_spinner(const struct init_ctx *c, struct preempt_spinner *s, size_t i)
{
	struct cairn_spawn_req req = {
		.name = "spinner",
		.handles = &s->vmo,
		.handle_count = 1,
		.self_rights = RIGHT_MANAGE,
		.priority = CAIRN_PRIORITY_DEFAULT,
	};
	long vmo = cairn_vmo_create(c->self, CAIRN_PAGE_SIZE);
	long child;

	if (init_expect_ok(c, "vmo_create", vmo) != 0)
		return -1;
	s->vmo = (cairn_handle_t)vmo;
	if (init_expect(c, "map counter",
			cairn_vmo_map(c->self, s->vmo, counter_addr(i), CAIRN_PROT_READ), 0) != 0)
		return -1;
	child = cairn_spawn(c->image, &req);
	if (init_expect_ok(c, "spawn spinner", child) != 0)
		return -1;
	s->proc = (cairn_handle_t)child;
	return 0;
}

/* Waits, never yielding, for spinner i's counter to move. */
static int expect_counter_moves(const struct init_ctx *c, size_t i, int round)
{
	volatile const uint64_t *first = (volatile const uint64_t *)TESTINIT_MAP_A;
	volatile const uint64_t *counter = first + i * (CAIRN_PAGE_SIZE / sizeof(uint64_t));
	uint64_t before = *counter;
	uint64_t spins = 0;

	while (*counter == before) {
		if (++spins == PREEMPT_SPIN_LIMIT)
			return init_fail(c, "spinner %zu counter stuck at %llu in round %d", i,
					 (unsigned long long)before, round);
	}
	return 0;
}

static int expect_all_counters_move(const struct init_ctx *c)
{
	for (int round = 0; round < PREEMPT_ROUNDS; round++) {
		for (size_t i = 0; i < PREEMPT_SPINNERS; i++) {
			if (expect_counter_moves(c, i, round) != 0)
				return -1;
		}
	}
	return 0;
}

/* Every spinner is still running; kill each, and each ends as killed. */
static int expect_spinners_killed(const struct init_ctx *c, struct preempt_spinner *s)
{
	if (init_expect(c, "spinner still running", cairn_process_wait(s[0].proc, 0),
			ERR_TIMEOUT) != 0)
		return -1;
	for (size_t i = 0; i < PREEMPT_SPINNERS; i++) {
		if (init_expect(c, "kill spinner", cairn_process_kill(s[i].proc), 0) != 0)
			return -1;
	}
	for (size_t i = 0; i < PREEMPT_SPINNERS; i++) {
		long status = cairn_process_wait(s[i].proc, CAIRN_WAIT_FOREVER);

		if (status != (long)CAIRN_EXIT_KILLED)
			return init_fail(c, "killed spinner %zu ended with status 0x%lx", i,
					 (unsigned long)status);
	}
	return 0;
}

/* Ends whatever start_spinner made, whether or not the check got that far. */
static void release_spinners(const struct init_ctx *c, const struct preempt_spinner *s)
{
	for (size_t i = 0; i < PREEMPT_SPINNERS; i++) {
		if (s[i].proc != 0) {
			(void)cairn_process_kill(s[i].proc);
			(void)cairn_handle_close(s[i].proc);
		}
		if (s[i].vmo != 0) {
			(void)cairn_vmo_unmap(c->self, counter_addr(i));
			(void)cairn_handle_close(s[i].vmo);
		}
	}
}

int check_preempt(struct init_ctx *c)
{
	struct preempt_spinner spinners[PREEMPT_SPINNERS] = {0};
	int rc = 0;

	for (size_t i = 0; i < PREEMPT_SPINNERS && rc == 0; i++)
		rc = start_spinner(c, &spinners[i], i);
	if (rc == 0)
		rc = expect_all_counters_move(c) || expect_spinners_killed(c, spinners);
	release_spinners(c, spinners);
	return rc;
}
