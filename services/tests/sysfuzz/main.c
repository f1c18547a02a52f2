/*
 * sysfuzz: issues SYSFUZZ_CALLS system calls with random numbers and
 * arguments drawn by libfuzz from a fixed seed, checks every result is one
 * the ABI allows, and prints the seed, the count and a histogram of results.
 * MARKER_SYSFUZZ_DONE is printed only when every call was made and answered
 * as allowed.
 *
 * Handles: [0] itself with DUP | ALLOC only (no MANAGE, so random calls
 * cannot unmap its image or start threads at random addresses; no WAIT or
 * KILL, so it cannot block on or end itself); [1] a console, WRITE only,
 * which libfuzz never passes to a random call. Excluded: process_exit and
 * thread_exit, which would end the run.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/ecall.h"
#include "cairn/markers.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "fuzz.h"
#include "prng.h"

#define SYSFUZZ_SEED	    0x5eedcafe2026ull
#define SYSFUZZ_CALLS	    100000u
#define SYSFUZZ_SCRATCH	    8192u
#define SYSFUZZ_STACK_GUARD (1ull << 20) /* around the stack pointer, kept clear */
#define SYSFUZZ_REPORTS_MAX 5u

_Static_assert(SYSFUZZ_CALLS >= 100000u, "the registry's marker promises 100000 calls");

extern char __image_end[]; /* userspace/user.ld */

static uint8_t sysfuzz_scratch[SYSFUZZ_SCRATCH] __attribute__((aligned(4096)));

struct sysfuzz_tally {
	uint64_t slots[FUZZ_SLOTS];
	uint64_t calls;
	uint64_t disallowed;
};

static void sysfuzz_env(struct fuzz_env *env, cairn_handle_t self, cairn_handle_t console)
{
	uintptr_t sp = (uintptr_t)&env;

	fuzz_env_init(env, (uintptr_t)sysfuzz_scratch, sizeof(sysfuzz_scratch), console);
	env->avoid[0] = (struct fuzz_range){CAIRN_USER_BASE, (uintptr_t)__image_end};
	env->avoid[1] = (struct fuzz_range){sp - SYSFUZZ_STACK_GUARD, sp + SYSFUZZ_STACK_GUARD};
	fuzz_learn_handle(env, self);
}

static void sysfuzz_one(struct prng *rng, struct fuzz_env *env, struct sysfuzz_tally *t,
			cairn_handle_t console)
{
	struct fuzz_call call;
	long result;

	fuzz_next(rng, env, &call);
	result = cairn_ecall6(call.nr, call.args[0], call.args[1], call.args[2], call.args[3],
			      call.args[4], call.args[5]);
	t->calls++;
	t->slots[fuzz_slot(result)]++;
	fuzz_learn(env, &call, result);
	if (fuzz_is_allowed(call.nr, result))
		return;
	if (t->disallowed++ < SYSFUZZ_REPORTS_MAX)
		(void)cairn_printf(console, "SYSFUZZ: call %llu nr %ld returned %ld, not allowed\n",
				   (unsigned long long)t->calls, call.nr, result);
}

static void sysfuzz_histogram(const struct sysfuzz_tally *t, cairn_handle_t console)
{
	for (unsigned slot = 0; slot < FUZZ_SLOTS; slot++) {
		const char *name = slot == 0		    ? "success"
				   : slot == FUZZ_SLOTS - 1 ? "other"
							    : cairn_err_name(-(long)slot);

		if (t->slots[slot] != 0)
			(void)cairn_printf(console, "SYSFUZZ:   %-14s %llu\n", name,
					   (unsigned long long)t->slots[slot]);
	}
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct sysfuzz_tally tally = {0};
	struct fuzz_env env;
	struct prng rng;
	cairn_handle_t console;

	if (count < 2)
		return 1;
	console = handles[1];
	(void)cairn_printf(console, "SYSFUZZ: seed 0x%llx, %u calls\n",
			   (unsigned long long)SYSFUZZ_SEED, SYSFUZZ_CALLS);
	sysfuzz_env(&env, handles[0], console);
	prng_seed(&rng, SYSFUZZ_SEED);
	while (tally.calls < SYSFUZZ_CALLS)
		sysfuzz_one(&rng, &env, &tally, console);
	(void)cairn_printf(console, "SYSFUZZ: seed 0x%llx, %llu calls, %llu not allowed\n",
			   (unsigned long long)SYSFUZZ_SEED, (unsigned long long)tally.calls,
			   (unsigned long long)tally.disallowed);
	sysfuzz_histogram(&tally, console);
	if (tally.disallowed != 0)
		return 1;
	(void)cairn_printf(console, "%s\n", MARKER_SYSFUZZ_DONE);
	return 0;
}
