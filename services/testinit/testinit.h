/*
 * testinit, the test image's root program (RFC-0011): init's supervisor
 * (services/init/graph.h) linked with the user-level proofs around it. The
 * proofs print nothing on success (main.c prints each one's marker) and one
 * "INIT: <what> FAIL (<reason>)" line on failure, then return non-zero.
 */
#ifndef TESTINIT_H
#define TESTINIT_H

#include <stdint.h>

#include "cairn/abi/rights.h"
#include "graph.h"

/* Fixed user addresses the proofs map memory objects at; far above any program image. */
#define TESTINIT_MAP_A 0x2000000000ull
#define TESTINIT_MAP_B 0x2100000000ull

/* How long a proof waits for a test program before calling it stuck: 5 s. */
#define TESTINIT_PROBE_WAIT (5ull * CAIRN_NS_PER_S)

/* The first badge of the test programs, above every service's (graph.h). */
#define TESTINIT_BADGE_PROBE 0x200u
_Static_assert(SUPERVISOR_BADGE_FIRST + MANIFEST_SERVICES_MAX <= TESTINIT_BADGE_PROBE,
	       "test programs' badges must not collide with the services'");

/* Spawns `name` with the given handles, waits for its end; the status, or a negative error. */
long testinit_run_to_end(const struct init_ctx *c, const char *name, const cairn_handle_t *handles,
			 uint32_t count, uint32_t self_rights);

/* Notes service i's READY (init_ctx's on_ready); check_ready_order reads the first of each. */
void testinit_note_ready(struct init_ctx *c, uint32_t i);

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
int check_crash_loop(struct init_ctx *c);

#endif /* TESTINIT_H */
