/*
 * The proofs that need other programs: faults are contained
 * (MARKER_INIT_FAULTS), a spinning process is preempted
 * (MARKER_INIT_PREEMPT), and the system-call fuzzer runs to a clean end (it
 * prints its own marker).
 *
 * Statuses (RFC-0003, syscall.h): a killed spinner must end with exactly
 * CAIRN_EXIT_KILLED; badstore with CAIRN_EXIT_FAULT | a store fault cause,
 * badjump with CAIRN_EXIT_FAULT | an instruction fetch fault cause. The page
 * fault is the expected one; the access fault is accepted too, since which of
 * the two a hart raises depends on how the kernel's memory is protected.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/sys.h"
#include "init.h"

/* Iterations of an unyielding read loop before the spinner's counter counts as stuck. */
#define PREEMPT_SPIN_LIMIT (1ull << 28)
#define PREEMPT_ROUNDS	   3

/* scause values of the RISC-V privileged specification. */
#define CAUSE_FETCH_ACCESS 1u
#define CAUSE_STORE_ACCESS 7u
#define CAUSE_FETCH_PAGE   12u
#define CAUSE_STORE_PAGE   15u

/* Runs `name` to its end, which must be a fault of cause `page` or `access`. */
static int expect_killed_by_fault(const struct init_ctx *c, const char *name, unsigned page,
				  unsigned access)
{
	long status = init_run_to_end(c, name, NULL, 0, RIGHT_DUP);

	if (status < 0)
		return init_fail(c, "%s: %s", name, cairn_err_name(status));
	if (cairn_status_is_fault(status, page) || cairn_status_is_fault(status, access))
		return 0;
	return init_fail(c, "%s ended with status 0x%lx, want 0x%x or 0x%x", name,
			 (unsigned long)status, CAIRN_EXIT_FAULT | page, CAIRN_EXIT_FAULT | access);
}

int check_faults(struct init_ctx *c)
{
	return expect_killed_by_fault(c, "badstore", CAUSE_STORE_PAGE, CAUSE_STORE_ACCESS) ||
	       expect_killed_by_fault(c, "badjump", CAUSE_FETCH_PAGE, CAUSE_FETCH_ACCESS);
}

/*
 * Waits, never yielding, for the counter to move. On one hart this needs the
 * timer to take the CPU from init and, later, from the spinner, which never
 * yields either.
 */
static int expect_counter_moves(const struct init_ctx *c, volatile const uint64_t *counter)
{
	for (int round = 0; round < PREEMPT_ROUNDS; round++) {
		uint64_t before = *counter;
		uint64_t spins = 0;

		while (*counter == before) {
			if (++spins == PREEMPT_SPIN_LIMIT)
				return init_fail(c, "spinner counter stuck at %llu in round %d",
						 (unsigned long long)before, round);
		}
	}
	return 0;
}

/* Runs the spinner with `v` to count in, watches it, kills it. */
static int watch_spinner(const struct init_ctx *c, cairn_handle_t v)
{
	struct cairn_spawn_req req = {
		.name = "spinner",
		.handles = &v,
		.handle_count = 1,
		.self_rights = RIGHT_MANAGE,
		.priority = CAIRN_PRIORITY_DEFAULT,
	};
	long child = cairn_spawn(c->image, &req);
	cairn_handle_t p = (cairn_handle_t)child;
	long status;
	int rc;

	if (init_expect_ok(c, "spawn spinner", child) != 0)
		return -1;
	rc = expect_counter_moves(c, (volatile const uint64_t *)INIT_MAP_A) ||
	     init_expect(c, "spinner still running", cairn_process_wait(p, 0), ERR_TIMEOUT) ||
	     init_expect(c, "kill spinner", cairn_process_kill(p), 0);
	if (rc != 0) {
		(void)cairn_process_kill(p);
		(void)cairn_handle_close(p);
		return rc;
	}
	status = cairn_process_wait(p, CAIRN_WAIT_FOREVER);
	(void)cairn_handle_close(p);
	if (status != (long)CAIRN_EXIT_KILLED)
		return init_fail(c, "killed spinner ended with status 0x%lx",
				 (unsigned long)status);
	return 0;
}

int check_preempt(struct init_ctx *c)
{
	long vmo = cairn_vmo_create(c->self, CAIRN_PAGE_SIZE);
	cairn_handle_t v = (cairn_handle_t)vmo;
	int rc;

	if (init_expect_ok(c, "vmo_create", vmo) != 0)
		return -1;
	rc = init_expect(c, "map counter", cairn_vmo_map(c->self, v, INIT_MAP_A, CAIRN_PROT_READ),
			 0);
	if (rc == 0) {
		rc = watch_spinner(c, v);
		(void)cairn_vmo_unmap(c->self, INIT_MAP_A);
	}
	(void)cairn_handle_close(v);
	return rc;
}

/* The fuzzer gets a write-only console and a self handle that can neither spawn nor map. */
int check_sysfuzz(struct init_ctx *c)
{
	long con = cairn_handle_dup(c->console, RIGHT_WRITE | RIGHT_TRANSFER);
	cairn_handle_t h = (cairn_handle_t)con;
	long status;

	if (init_expect_ok(c, "dup console", con) != 0)
		return -1;
	status = init_run_to_end(c, "sysfuzz", &h, 1, RIGHT_DUP | RIGHT_ALLOC);
	(void)cairn_handle_close(h);
	return init_expect(c, "sysfuzz status", status, 0);
}
