/*
 * A small seeded pseudo-random generator for tests and the system-call
 * fuzzer: xorshift64* (Vigna) over a state expanded from the seed with one
 * splitmix64 step, so every seed, 0 included, gives a usable non-zero state.
 * Pure: no globals, no clock; the same seed always gives the same sequence.
 * Not for anything that needs secrecy.
 */
#ifndef PRNG_H
#define PRNG_H

#include <stdbool.h>
#include <stdint.h>

struct prng {
	uint64_t state; /* never 0 */
};

/* One splitmix64 step of `x`: a well-mixed 64-bit value. */
uint64_t prng_splitmix64(uint64_t x);

void prng_seed(struct prng *rng, uint64_t seed);

uint64_t prng_next(struct prng *rng);

/* Uniform in [0, bound); 0 when bound is 0. Unbiased (rejects the short tail). */
uint64_t prng_below(struct prng *rng, uint64_t bound);

/* True with probability percent/100 (percent above 100 counts as 100). */
bool prng_chance(struct prng *rng, unsigned percent);

#endif /* PRNG_H */
