/*
 * init's shared context and the small reporting helpers its checks use.
 * Each check prints nothing on success (main.c prints its marker) and one
 * "INIT: <what> FAIL (<reason>)" line on failure, then returns non-zero.
 * The service graph init runs is graph.h's.
 */
#ifndef INIT_H
#define INIT_H

#include <stdint.h>

#include "cairn/abi/rights.h"

/* Fixed user addresses init maps memory objects at; far above any program image. */
#define INIT_MAP_A 0x2000000000ull
#define INIT_MAP_B 0x2100000000ull

/* Timebase ticks (10 MHz): how long init waits for a test program before calling it stuck. */
#define INIT_TICKS_PER_MS 10000ull
#define INIT_PROBE_WAIT	  (5000ull * INIT_TICKS_PER_MS)

struct init_graph;

struct init_ctx {
	cairn_handle_t self;	  /* init's own process, all rights */
	cairn_handle_t console;	  /* WRITE | DUP | TRANSFER */
	cairn_handle_t image;	  /* the boot image: SPAWN | READ | DUP | TRANSFER */
	cairn_handle_t uart_mmio; /* the UART's registers: MAP | READ | WRITE | DUP | TRANSFER */
	cairn_handle_t uart_irq;  /* the UART's interrupt: MANAGE | DUP | TRANSFER */
	struct init_graph *graph; /* the services; set up once the kernel proofs passed */
	const char *what;	  /* the check running, for FAIL lines */
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

/* The kernel proofs. */
int check_handles(struct init_ctx *c);
int check_vmo(struct init_ctx *c);
int check_faults(struct init_ctx *c);
int check_preempt(struct init_ctx *c);
int check_sysfuzz(struct init_ctx *c);

/* The service graph's proofs (check_graph.c, check_badge.c, check_transfer.c, check_restart.c). */
int check_ready_order(struct init_ctx *c);
int check_send_right(struct init_ctx *c);
int check_badge(struct init_ctx *c);
int check_policy_audit(struct init_ctx *c);
int check_move(struct init_ctx *c);
int check_restart(struct init_ctx *c);
int check_peer_death(struct init_ctx *c);

#endif /* INIT_H */
