/*
 * The generator over the health tests (see rng.h): where each raw byte that
 * passed goes (start-up, seed, pending reseed), when the DRBG is instantiated
 * and reseeded, what rng_generate may give, and the latch on failure. The
 * tests themselves are rng_health.c's; the DRBG is BearSSL's HMAC_DRBG over
 * SHA-256, whose instantiate, reseed and generate are SP 800-90A's with no
 * additional input (br_hmac_drbg_update on the entropy input is the reseed).
 */
#include <bearssl_hash.h>
#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "rng.h"

_Static_assert((RNG_SEED_BYTES * RNG_H_BITS) >= 256 + 128,
	       "the seed carries 256 bits of entropy and a 128-bit nonce");
_Static_assert((RNG_RESEED_BYTES * RNG_H_BITS) >= 256, "a reseed carries 256 bits of entropy");
_Static_assert(RNG_RESEED_BYTES <= RNG_SEED_BYTES, "the pool holds a reseed");
_Static_assert(RNG_GENERATE_MAX <= RNG_RESEED_INTERVAL, "one request fits in an interval");
_Static_assert(RNG_RESEED_INTERVAL <= 65536u, "SP 800-90A: at most 2^19 bits per request");

/* A wipe the compiler may not drop as a dead store. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = 0;
}

/* Latches the failure: no key, no seed material and no output from here on. */
static void fail(struct rng *r)
{
	r->state = RNG_FAILED;
	wipe(&r->drbg, sizeof(r->drbg));
	wipe(r->pool, sizeof(r->pool));
	r->pool_len = 0;
}

int rng_init(struct rng *r, const char *personalisation)
{
	size_t len = 0;

	*r = (struct rng){.state = RNG_STARTING};
	rng_health_init(&r->health);
	if (personalisation == NULL) {
		r->state = RNG_FAILED;
		return ERR_INVAL;
	}
	while (len <= RNG_PERSONALISATION_MAX && personalisation[len] != '\0')
		len++;
	if (len > RNG_PERSONALISATION_MAX) {
		r->state = RNG_FAILED;
		return ERR_TOOLONG;
	}
	memcpy(r->personalisation, personalisation, len);
	r->personalisation_len = len;
	return 0;
}

/* Raw bytes the pool takes in this state: the seed while starting, then a reseed. */
static size_t pool_target(const struct rng *r)
{
	return r->state == RNG_STARTING ? RNG_SEED_BYTES : RNG_RESEED_BYTES;
}

/* SP 800-90A instantiate: seed material = entropy input || nonce || personalisation. */
static void instantiate(struct rng *r)
{
	memcpy(r->pool + RNG_SEED_BYTES, r->personalisation, r->personalisation_len);
	br_hmac_drbg_init(&r->drbg, &br_sha256_vtable, r->pool,
			  RNG_SEED_BYTES + r->personalisation_len);
	wipe(r->pool, sizeof(r->pool));
	r->pool_len = 0;
	r->since_reseed = 0;
	r->state = RNG_READY;
}

/* SP 800-90A reseed with the pending bytes as the entropy input, no additional input. */
static void reseed(struct rng *r)
{
	br_hmac_drbg_update(&r->drbg, r->pool, RNG_RESEED_BYTES);
	wipe(r->pool, RNG_RESEED_BYTES);
	r->pool_len = 0;
	r->since_reseed = 0;
	r->reseeds++;
}

/*
 * Puts tested bytes where they belong next and returns how many it took:
 * start-up samples first, then the pool (instantiating when the seed is
 * complete). 0 when the pool is full: the rest are dropped.
 */
static size_t take(struct rng *r, const uint8_t *raw, size_t n)
{
	size_t k;

	if (r->startup_discarded < RNG_STARTUP_SAMPLES) {
		k = RNG_STARTUP_SAMPLES - r->startup_discarded;
		k = k < n ? k : n;
		r->startup_discarded += (uint32_t)k;
		return k;
	}
	k = pool_target(r) - r->pool_len;
	k = k < n ? k : n;
	memcpy(r->pool + r->pool_len, raw, k);
	r->pool_len += k;
	if (r->state == RNG_STARTING && r->pool_len == RNG_SEED_BYTES)
		instantiate(r);
	return k;
}

int rng_feed(struct rng *r, const uint8_t *raw, size_t n)
{
	if (raw == NULL && n > 0)
		return ERR_INVAL;
	if (r->state == RNG_FAILED)
		return ERR_IO;
	if (rng_health_test(&r->health, raw, n) != 0) {
		fail(r);
		return ERR_IO;
	}
	while (n > 0) {
		size_t k = take(r, raw, n);

		if (k == 0)
			break;
		raw += k;
		n -= k;
	}
	r->dropped += n;
	return 0;
}

/* Whether giving n more bytes would take the output past the interval since the last seeding. */
static bool reseed_due(const struct rng *r, size_t n)
{
	return n > RNG_RESEED_INTERVAL - r->since_reseed;
}

size_t rng_wants(const struct rng *r)
{
	size_t startup = RNG_STARTUP_SAMPLES - r->startup_discarded;

	if (r->state == RNG_FAILED)
		return 0;
	return startup + pool_target(r) - r->pool_len;
}

size_t rng_needs(const struct rng *r, size_t n)
{
	if (r->state == RNG_STARTING)
		return rng_wants(r);
	if (r->state == RNG_READY && reseed_due(r, n))
		return rng_wants(r);
	return 0;
}

int rng_generate(struct rng *r, uint8_t *out, size_t n)
{
	if (out == NULL || n == 0 || n > RNG_GENERATE_MAX)
		return ERR_INVAL;
	if (r->state == RNG_FAILED)
		return ERR_IO;
	if (rng_needs(r, n) > 0)
		return ERR_BUSY;
	if (reseed_due(r, n))
		reseed(r);
	br_hmac_drbg_generate(&r->drbg, out, n);
	r->since_reseed += (uint32_t)n;
	r->served += n;
	return 0;
}

const char *rng_failure_name(enum rng_failure f)
{
	switch (f) {
	case RNG_FAIL_NONE:
		return "none";
	case RNG_FAIL_REPETITION:
		return "repetition count";
	case RNG_FAIL_PROPORTION:
		return "adaptive proportion";
	}
	return "unknown";
}

enum rng_failure rng_failed_test(const struct rng *r)
{
	return r->health.failure;
}

uint64_t rng_failed_at(const struct rng *r)
{
	return r->health.failed_at;
}
