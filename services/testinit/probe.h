/*
 * Running init's test programs (the probes in services/tests/) in the graph proofs:
 * starting one, taking its SUPERVISOR_PROBE report on an endpoint the proof
 * made, and seeing it end as it should; and reading logd's journal back for
 * a line. Each helper prints a FAIL line itself and returns -1 (or a
 * negative error) when its step fails.
 */
#ifndef INIT_PROBE_H
#define INIT_PROBE_H

#include <stdint.h>

#include "cairn/ipc.h"
#include "testinit.h"

/* Starts test program `name` with handles [1..n]: its process handle, or a negative error after a
 * FAIL line. */
long probe_spawn(const struct init_ctx *c, const char *name, const cairn_handle_t *handles,
		 uint32_t n, uint32_t self_rights);

/*
 * Receives one message on ep within TESTINIT_PROBE_WAIT into *ret (with the
 * badge the kernel stamped), which must be a SUPERVISOR_PROBE report of
 * words only, and answers it with status 0.
 */
int probe_report(const struct init_ctx *c, cairn_handle_t ep, struct cairn_msg *ret);

/*
 * Waits up to TESTINIT_PROBE_WAIT for proc to end with status `want`, kills it
 * if it has not, and closes the handle either way.
 */
int probe_end(const struct init_ctx *c, cairn_handle_t proc, long want);

/* 0 when one of logd's newest records holds `needle`; -1 after a FAIL line when none does. */
int probe_log_contains(struct init_ctx *c, const char *needle);

#endif /* INIT_PROBE_H */
