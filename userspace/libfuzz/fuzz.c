/*
 * Random system calls for the fuzzer (see fuzz.h). Each argument is drawn
 * from one of a few families that reach different decode paths in the
 * kernel: handles (real, near-real, small, garbage), pointers (into the
 * scratch buffer, misaligned, kernel addresses, across the window's edges,
 * wrapping), sizes around the ABI's bounds, flag masks, and raw bits.
 */
#include "fuzz.h"

#include <stddef.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"

#define KERNEL_RAM_BASE	 0x80000000ull	       /* QEMU virt DRAM, where the kernel lives */
#define KERNEL_HIGH_BASE 0xffffffc000000000ull /* Sv39 upper half */
#define WRITE_SPAN	 64u		       /* more than any call writes at once */

void fuzz_env_init(struct fuzz_env *env, uint64_t scratch, uint64_t scratch_size,
		   cairn_handle_t reserved)
{
	*env = (struct fuzz_env){0};
	env->scratch = scratch;
	env->scratch_size = scratch_size;
	env->reserved = reserved;
}

void fuzz_learn_handle(struct fuzz_env *env, cairn_handle_t h)
{
	if (h == env->reserved)
		return;
	env->known[env->known_next] = h;
	env->known_next = (env->known_next + 1) % FUZZ_KNOWN_MAX;
	if (env->known_count < FUZZ_KNOWN_MAX)
		env->known_count++;
}

void fuzz_learn(struct fuzz_env *env, const struct fuzz_call *call, long result)
{
	bool makes_handle = call->nr == SYS_handle_dup || call->nr == SYS_vmo_create;

	if (makes_handle && result > 0 && result <= (long)UINT32_MAX)
		fuzz_learn_handle(env, (cairn_handle_t)result);
}

bool fuzz_is_excluded(long nr)
{
	return nr == SYS_process_exit || nr == SYS_thread_exit;
}

static long draw_number(struct prng *rng)
{
	switch (prng_below(rng, 8)) {
	case 0:
		return (long)(SYS_COUNT + prng_below(rng, 64));
	case 1:
		return -1 - (long)prng_below(rng, 16);
	case 2:
		return (long)prng_next(rng);
	default:
		return (long)prng_below(rng, SYS_COUNT);
	}
}

static uint64_t draw_handle(struct prng *rng, const struct fuzz_env *env)
{
	uint64_t real = env->known_count > 0 ? env->known[prng_below(rng, env->known_count)] : 1;

	switch (prng_below(rng, 6)) {
	case 0:
	case 1:
		return real;
	case 2:
		return real ^ (1ull << prng_below(rng, 32)); /* another slot or generation */
	case 3:
		return prng_below(rng, 64);
	case 4:
		return (uint32_t)prng_next(rng);
	default:
		return real | (prng_next(rng) << 32); /* garbage in the upper half */
	}
}

static bool touches(const struct fuzz_range *r, uint64_t addr)
{
	return addr < r->hi && addr + WRITE_SPAN > r->lo;
}

/* A random address in the user window that stays clear of env->avoid. */
static uint64_t draw_user_address(struct prng *rng, const struct fuzz_env *env)
{
	uint64_t addr = CAIRN_USER_BASE + prng_below(rng, CAIRN_USER_END - CAIRN_USER_BASE);

	for (size_t i = 0; i < FUZZ_AVOID_MAX; i++) {
		if (touches(&env->avoid[i], addr))
			return KERNEL_RAM_BASE + (addr & 0xfff);
	}
	return addr;
}

static uint64_t draw_pointer(struct prng *rng, const struct fuzz_env *env)
{
	uint64_t in_scratch = env->scratch + prng_below(rng, env->scratch_size - WRITE_SPAN);

	switch (prng_below(rng, 9)) {
	case 0:
	case 1:
		return in_scratch & ~7ull;
	case 2:
		return in_scratch | 1;
	case 3:
		return KERNEL_RAM_BASE + prng_below(rng, 128u << 20);
	case 4:
		return KERNEL_HIGH_BASE + prng_below(rng, 1u << 30);
	case 5:
		return prng_below(rng, 4ull * CAIRN_PAGE_SIZE); /* null and low memory */
	case 6:
		return CAIRN_USER_END - 1 - prng_below(rng, 8); /* runs past the window */
	case 7:
		return UINT64_MAX - prng_below(rng, 32); /* wraps */
	default:
		return draw_user_address(rng, env);
	}
}

static uint64_t draw_size(struct prng *rng)
{
	static const uint64_t edges[] = {
		0,
		1,
		CAIRN_PAGE_SIZE - 1,
		CAIRN_PAGE_SIZE,
		CAIRN_DEBUG_WRITE_MAX,
		CAIRN_DEBUG_WRITE_MAX + 1,
		CAIRN_VMO_SIZE_MAX,
		CAIRN_VMO_SIZE_MAX + 1,
		UINT32_MAX,
		UINT64_MAX,
	};

	if (prng_chance(rng, 50))
		return edges[prng_below(rng, sizeof(edges) / sizeof(edges[0]))];
	return prng_below(rng, 4ull * CAIRN_PAGE_SIZE);
}

static uint64_t draw_flags(struct prng *rng)
{
	switch (prng_below(rng, 4)) {
	case 0:
		return RIGHTS_ALL;
	case 1:
		return prng_below(rng, CAIRN_PRIORITY_MAX + 3);
	default:
		return prng_below(rng, 1u << 12);
	}
}

static uint64_t draw_arg(struct prng *rng, const struct fuzz_env *env)
{
	switch (prng_below(rng, 5)) {
	case 0:
		return draw_handle(rng, env);
	case 1:
		return draw_pointer(rng, env);
	case 2:
		return draw_size(rng);
	case 3:
		return draw_flags(rng);
	default:
		return prng_next(rng);
	}
}

void fuzz_next(struct prng *rng, const struct fuzz_env *env, struct fuzz_call *ret_call)
{
	long nr;

	do {
		nr = draw_number(rng);
	} while (fuzz_is_excluded(nr));
	ret_call->nr = nr;
	for (size_t i = 0; i < FUZZ_ARGS; i++) {
		uint64_t arg = draw_arg(rng, env);

		if ((uint32_t)arg == env->reserved)
			arg ^= 1;
		ret_call->args[i] = arg;
	}
	if (nr == SYS_ipc_call || nr == SYS_ipc_recv || nr == SYS_ipc_reply_recv)
		ret_call->args[5] = 0;
	else if (nr == SYS_notification_wait)
		ret_call->args[1] = 0;
}

unsigned fuzz_slot(long result)
{
	if (result >= 0)
		return 0;
	if (result < ERR_LAST)
		return FUZZ_SLOTS - 1;
	return (unsigned)-result;
}

bool fuzz_is_allowed(long nr, long result)
{
	if (nr < 0 || nr >= SYS_COUNT)
		return result == ERR_BADSYS;
	return result >= ERR_LAST && result != ERR_BADSYS;
}
