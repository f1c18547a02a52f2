/*
 * The continuous health tests of SP 800-90B section 4.4 (see rng.h): the
 * repetition count test and the adaptive proportion test over one stream of
 * byte samples, and the latch that keeps a failure. What a failure does to
 * the generator is rng.c's.
 */
#include <stddef.h>

#include "cairn/abi/errors.h"
#include "rng.h"

_Static_assert(RNG_RCT_CUTOFF == 1 + (20 + RNG_H_BITS - 1) / RNG_H_BITS,
	       "the repetition count cutoff is 1 + ceil(20 / H) (SP 800-90B 4.4.1)");
_Static_assert(RNG_APT_CUTOFF > 1 && RNG_APT_CUTOFF <= RNG_APT_WINDOW,
	       "the adaptive proportion cutoff must be reachable inside a window");

void rng_health_init(struct rng_health *h)
{
	*h = (struct rng_health){.failure = RNG_FAIL_NONE};
}

/* SP 800-90B 4.4.1: the run of identical samples may not reach the cutoff. */
static bool repetition_fails(struct rng_health *h, uint8_t x)
{
	if (h->rct_run != 0 && x == h->rct_value) {
		h->rct_run++;
	} else {
		h->rct_value = x;
		h->rct_run = 1;
	}
	return h->rct_run >= RNG_RCT_CUTOFF;
}

/*
 * SP 800-90B 4.4.2: in each window of RNG_APT_WINDOW samples, the samples
 * equal to the window's first (the first counted) may not reach the cutoff.
 */
static bool proportion_fails(struct rng_health *h, uint8_t x)
{
	if (h->apt_seen == 0) {
		h->apt_value = x;
		h->apt_count = 1;
	} else if (x == h->apt_value) {
		h->apt_count++;
	}
	if (++h->apt_seen == RNG_APT_WINDOW)
		h->apt_seen = 0;
	return h->apt_count >= RNG_APT_CUTOFF;
}

/* Both tests see every sample, so each keeps its own state in step. */
static enum rng_failure test_sample(struct rng_health *h, uint8_t x)
{
	bool repetition = repetition_fails(h, x);
	bool proportion = proportion_fails(h, x);

	if (repetition)
		return RNG_FAIL_REPETITION;
	return proportion ? RNG_FAIL_PROPORTION : RNG_FAIL_NONE;
}

int rng_health_test(struct rng_health *h, const uint8_t *raw, size_t n)
{
	if (h->failure != RNG_FAIL_NONE)
		return ERR_IO;
	for (size_t i = 0; i < n; i++) {
		enum rng_failure f = test_sample(h, raw[i]);

		h->samples++;
		if (f != RNG_FAIL_NONE) {
			h->failure = f;
			h->failed_at = h->samples;
			return ERR_IO;
		}
	}
	return 0;
}
