/*
 * The proofs that run other programs to their end: faults are contained
 * (MARKER_INIT_FAULTS), and the system-call fuzzer runs to a clean end (it
 * prints its own marker). Preemption has check_preempt.c.
 *
 * Statuses (RFC-0003, syscall.h): badstore must end with CAIRN_EXIT_FAULT |
 * a store fault cause, badjump with CAIRN_EXIT_FAULT | an instruction fetch
 * fault cause. The page
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
#include "testinit.h"

/* scause values of the RISC-V privileged specification. */
#define CAUSE_FETCH_ACCESS 1u
#define CAUSE_STORE_ACCESS 7u
#define CAUSE_FETCH_PAGE   12u
#define CAUSE_STORE_PAGE   15u

/* Runs `name` to its end, which must be a fault of cause `page` or `access`. */
static int expect_killed_by_fault(const struct init_ctx *c, const char *name, unsigned page,
				  unsigned access)
{
	long status = testinit_run_to_end(c, name, NULL, 0, RIGHT_DUP);

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

/* The fuzzer gets a write-only console and a self handle that can neither spawn nor map. */
int check_sysfuzz(struct init_ctx *c)
{
	long con = cairn_handle_dup(c->console, RIGHT_WRITE | RIGHT_TRANSFER);
	cairn_handle_t h = (cairn_handle_t)con;
	long status;

	if (init_expect_ok(c, "dup console", con) != 0)
		return -1;
	status = testinit_run_to_end(c, "sysfuzz", &h, 1, RIGHT_DUP | RIGHT_ALLOC);
	(void)cairn_handle_close(h);
	return init_expect(c, "sysfuzz status", status, 0);
}
