/*
 * The system-call fuzzer's pure half: drawing a random call (number and six
 * arguments) from a seeded generator and an environment the caller describes,
 * learning handles from results, and judging each result against the ABI's
 * promise. It issues nothing itself; services/tests/sysfuzz does the ecall.
 *
 * Never drawn: process_exit and thread_exit (they would end the fuzzer), and
 * any argument whose low 32 bits equal env->reserved (the fuzzer's console, so
 * random writes never reach the console and the console is never closed).
 * The calls that can block (ipc_call, ipc_recv, ipc_reply_recv,
 * notification_wait) always get timeout 0: the fuzzer polls, never waits.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/rights.h"
#include "prng.h"

#define FUZZ_ARGS	 6
#define FUZZ_KNOWN_MAX	 16u
#define FUZZ_AVOID_MAX	 2u
#define FUZZ_SCRATCH_MIN 256u
/* Histogram slots: 0 success, 1..-ERR_LAST for ERR_INVAL..ERR_LAST, then "other". */
#define FUZZ_SLOTS ((unsigned)(-ERR_LAST) + 2u)

struct fuzz_range {
	uint64_t lo; /* first byte */
	uint64_t hi; /* one past the last byte */
};

struct fuzz_env {
	uint64_t scratch;      /* user address of a writable buffer random calls may write */
	uint64_t scratch_size; /* at least FUZZ_SCRATCH_MIN */
	cairn_handle_t reserved;
	/* user memory random addresses must not touch (the image, the stack) */
	struct fuzz_range avoid[FUZZ_AVOID_MAX];
	/* real handles: the fuzzer's own, then those learnt from results (a ring) */
	cairn_handle_t known[FUZZ_KNOWN_MAX];
	uint32_t known_count;
	uint32_t known_next;
};

struct fuzz_call {
	long nr;
	uint64_t args[FUZZ_ARGS];
};

/* Fills env with no known handles; add them with fuzz_learn_handle. */
void fuzz_env_init(struct fuzz_env *env, uint64_t scratch, uint64_t scratch_size,
		   cairn_handle_t reserved);

void fuzz_learn_handle(struct fuzz_env *env, cairn_handle_t h);

/* After a call: remembers the handle a successful dup or vmo_create returned. */
void fuzz_learn(struct fuzz_env *env, const struct fuzz_call *call, long result);

/* Draws the next call; never an excluded one. */
void fuzz_next(struct prng *rng, const struct fuzz_env *env, struct fuzz_call *ret_call);

bool fuzz_is_excluded(long nr);

/* The histogram slot of a result (see FUZZ_SLOTS). */
unsigned fuzz_slot(long result);

/* Whether the ABI allows this result for this number: a listed code, BADSYS for bad numbers. */
bool fuzz_is_allowed(long nr, long result);

#endif /* FUZZ_H */
