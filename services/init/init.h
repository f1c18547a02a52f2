/*
 * init's shared context and the small reporting helpers its checks use.
 * Each check prints nothing on success (main.c prints its marker) and one
 * "INIT: <what> FAIL (<reason>)" line on failure, then returns non-zero.
 */
#ifndef INIT_H
#define INIT_H

#include <stdint.h>

#include "cairn/abi/rights.h"

/* Fixed user addresses init maps memory objects at; far above any program image. */
#define INIT_MAP_A 0x2000000000ull
#define INIT_MAP_B 0x2100000000ull

struct init_ctx {
	cairn_handle_t self;	/* init's own process, all rights */
	cairn_handle_t console; /* WRITE | DUP | TRANSFER */
	cairn_handle_t image;	/* the boot image: SPAWN | DUP | TRANSFER */
	const char *what;	/* the check running, for FAIL lines */
};

/* Prints "INIT: <what> FAIL (<reason>)"; returns -1 so callers can `return init_fail(...)`. */
__attribute__((format(printf, 2, 3))) int init_fail(const struct init_ctx *c, const char *fmt, ...);

/* 0 if got == want, else a FAIL line naming `step` and both results, and -1. */
int init_expect(const struct init_ctx *c, const char *step, long got, long want);

/* 0 if got is not negative, else a FAIL line naming `step` and the error, and -1. */
int init_expect_ok(const struct init_ctx *c, const char *step, long got);

/* Spawns `name` with the given handles, waits for its end; the status, or a negative error. */
long init_run_to_end(const struct init_ctx *c, const char *name, const cairn_handle_t *handles,
		     uint32_t count, uint32_t self_rights);

int check_handles(struct init_ctx *c);
int check_vmo(struct init_ctx *c);
int check_faults(struct init_ctx *c);
int check_preempt(struct init_ctx *c);
int check_sysfuzz(struct init_ctx *c);

#endif /* INIT_H */
