/*
 * xorshift64* seeded through splitmix64. See prng.h for the contract.
 */
#include "prng.h"

#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15ull
#define XORSHIFT_MULT  0x2545f4914f6cdd1dull
#define PRNG_FALLBACK  SPLITMIX_GAMMA /* any non-zero constant */

uint64_t prng_splitmix64(uint64_t x)
{
	uint64_t z = x + SPLITMIX_GAMMA;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void prng_seed(struct prng *rng, uint64_t seed)
{
	uint64_t s = prng_splitmix64(seed);

	/* splitmix64 is a bijection, so exactly one seed maps to 0 */
	rng->state = s != 0 ? s : PRNG_FALLBACK;
}

uint64_t prng_next(struct prng *rng)
{
	uint64_t x = rng->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng->state = x;
	return x * XORSHIFT_MULT;
}

uint64_t prng_below(struct prng *rng, uint64_t bound)
{
	uint64_t limit;
	uint64_t x;

	if (bound == 0)
		return 0;
	/* the largest multiple of bound that fits, as (2^64 - bound) % bound below 2^64 */
	limit = UINT64_MAX - ((UINT64_MAX - bound + 1) % bound);
	do {
		x = prng_next(rng);
	} while (x > limit);
	return x % bound;
}

bool prng_chance(struct prng *rng, unsigned percent)
{
	return prng_below(rng, 100) < percent;
}
