/*
 * librng: rngd's logic (RFC-0019). Raw bytes from the entropy source are
 * health-tested as NIST SP 800-90B section 4.4 asks, each byte one sample:
 * the repetition count test (4.4.1) and the adaptive proportion test (4.4.2),
 * on every sample. The first RNG_STARTUP_SAMPLES samples are tested and
 * discarded (start-up testing); the next RNG_SEED_BYTES that pass instantiate
 * an HMAC-DRBG (SHA-256, BearSSL's, SP 800-90A) with a personalisation
 * string; after that, RNG_RESEED_BYTES that passed are kept for the reseed
 * due before every RNG_RESEED_INTERVAL bytes of output. Raw bytes are never
 * output, and seed material is wiped from the pool once it is used.
 *
 * A failed test latches: the state is RNG_FAILED for good, the DRBG and the
 * pool are wiped, and no byte of output and no reseed ever follow; only a new
 * struct rng (a new rngd) starts over, with its own start-up tests. The
 * library does not say what to do about it: rngd logs which test failed
 * (rng_failure_name) and at which sample (rng_failed_at).
 *
 * The assessed min-entropy is a stated constant, RNG_H_BITS bits per byte,
 * low on purpose (the guest cannot know what the host puts behind the
 * device); the cutoffs below follow from it with a false-alarm rate of
 * 2^-20, by the formulas of SP 800-90B. test_health.c recomputes them.
 *
 * Pure: no system calls, no globals, no clock, no allocation, no logging.
 * All state is in a struct rng the caller owns (under 1 KiB). Errors are
 * negative codes of cairn/abi/errors.h; ret_* and output buffers are written
 * only on success.
 */
#ifndef RNG_H
#define RNG_H

#include <bearssl_rand.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The health tests (SP 800-90B 4.4), from H and alpha = 2^-20. */
#define RNG_H_BITS     1   /* assessed min-entropy per raw byte (a stated constant) */
#define RNG_RCT_CUTOFF 21  /* 1 + ceil(20 / H) (4.4.1) */
#define RNG_APT_WINDOW 512 /* samples per window, for non-binary samples (4.4.2) */
#define RNG_APT_CUTOFF 311 /* 1 + CRITBINOM(W, 2^-H, 1 - 2^-20) at H = 1 (4.4.2) */

/* The DRBG's input, in raw bytes of H bits each, and its output, in bytes. */
#define RNG_STARTUP_SAMPLES	1024   /* tested and discarded before anything is used */
#define RNG_SEED_BYTES		384    /* instantiate: 256 bits of entropy and a 128-bit nonce */
#define RNG_RESEED_BYTES	256    /* each reseed: 256 bits of entropy */
#define RNG_RESEED_INTERVAL	65536u /* output bytes between reseeds, at most */
#define RNG_GENERATE_MAX	1024u  /* most bytes one rng_generate call gives */
#define RNG_PERSONALISATION_MAX 64u    /* bytes of the personalisation string, at most */

enum rng_state {
	RNG_STARTING, /* start-up tests, then collecting the seed */
	RNG_READY,    /* the DRBG is instantiated */
	RNG_FAILED,   /* a health test failed (or rng_init was refused): for good */
};

enum rng_failure {
	RNG_FAIL_NONE,
	RNG_FAIL_REPETITION, /* the repetition count test (SP 800-90B 4.4.1) */
	RNG_FAIL_PROPORTION, /* the adaptive proportion test (SP 800-90B 4.4.2) */
};

/*
 * The two continuous health tests over one stream of samples. Windows of the
 * adaptive proportion test do not overlap: the sample after a full window
 * opens the next. Fields are the tests' own; read them, change them only
 * through the calls below.
 */
struct rng_health {
	uint64_t samples;	  /* samples tested, the failing one included */
	uint64_t failed_at;	  /* index (from 1) of the sample that failed; 0 if none */
	enum rng_failure failure; /* which test failed; RNG_FAIL_NONE if none */
	uint32_t rct_run;	  /* length of the run of rct_value; 0 before any sample */
	uint32_t apt_count;	  /* samples equal to apt_value in this window, itself included */
	uint32_t apt_seen;	  /* samples of this window seen; 0: the next one opens one */
	uint8_t rct_value;	  /* the value of the current run */
	uint8_t apt_value;	  /* the window's first sample */
};

void rng_health_init(struct rng_health *h);

/*
 * Tests n raw samples in order: 0 when all pass; ERR_IO at the first that
 * fails (the samples after it are not tested). A failure latches: every later
 * call is ERR_IO, whatever it is given, and failed_at stays where it was.
 */
int rng_health_test(struct rng_health *h, const uint8_t *raw, size_t n);

/* Fields are rng's own; read them, change them only through the calls below. */
struct rng {
	struct rng_health health;
	enum rng_state state;
	br_hmac_drbg_context drbg;
	/* Raw bytes that passed: the seed (the personalisation appended to instantiate) or a
	 * reseed. */
	uint8_t pool[RNG_SEED_BYTES + RNG_PERSONALISATION_MAX];
	size_t pool_len;
	uint8_t personalisation[RNG_PERSONALISATION_MAX];
	size_t personalisation_len;
	uint32_t startup_discarded; /* start-up samples discarded, up to RNG_STARTUP_SAMPLES */
	uint32_t since_reseed;	    /* output bytes since the instantiation or the last reseed */
	uint64_t dropped;	    /* raw bytes that passed when the pool was full, not used */
	uint64_t reseeds;	    /* reseeds done (the instantiation not counted) */
	uint64_t served;	    /* output bytes given */
};

/*
 * Makes r a fresh generator in RNG_STARTING with the NUL-terminated
 * personalisation string (rngd's is "cairn rngd"; "" for none), copied in.
 * ERR_INVAL when it is NULL, ERR_TOOLONG when it is over
 * RNG_PERSONALISATION_MAX bytes; r is then still made safe to use, as a
 * generator in RNG_FAILED (naming no failed test) that never gives a byte.
 */
int rng_init(struct rng *r, const char *personalisation);

/*
 * Takes n raw bytes from the source. All n are health-tested first; if any
 * fails, none is used and r is FAILED. Otherwise they go, in order, to the
 * start-up samples (discarded), to the seed pool (the DRBG is instantiated
 * the moment it holds RNG_SEED_BYTES) and then to the pending reseed (up to
 * RNG_RESEED_BYTES); bytes beyond what the pool takes are tested and dropped.
 * 0; ERR_INVAL for raw NULL with n > 0 (nothing tested); ERR_IO when a
 * test failed now or before.
 */
int rng_feed(struct rng *r, const uint8_t *raw, size_t n);

/*
 * How many more raw bytes rng_feed needs before rng_generate can give n bytes
 * (0: it can now). In RNG_STARTING, the rest of the start-up samples and of
 * the seed; in RNG_READY, 0 unless those n bytes would take the output past
 * RNG_RESEED_INTERVAL since the last seeding, then the reseed bytes the pool
 * still lacks. 0 once FAILED: feeding will not help, and rng_generate answers
 * ERR_IO. It does not judge n; rng_generate refuses a bad n whatever this says.
 */
size_t rng_needs(const struct rng *r, size_t n);

/*
 * How many raw bytes rng_feed would use now (start-up, seed or pending
 * reseed); more are tested and dropped. rngd may feed these ahead of need so
 * that a reseed does not wait for the device. 0 once FAILED.
 */
size_t rng_wants(const struct rng *r);

/*
 * Writes n bytes of DRBG output to out, n in 1..RNG_GENERATE_MAX. When those
 * bytes would take the output past RNG_RESEED_INTERVAL since the last
 * seeding, it first reseeds from the pending raw bytes (and wipes them). 0;
 * ERR_INVAL for out NULL or a bad n; ERR_IO once FAILED (never a byte after a
 * failure); ERR_BUSY when raw input is needed first (rng_needs(r, n) > 0).
 * Checked in that order; out is untouched unless it returns 0.
 */
int rng_generate(struct rng *r, uint8_t *out, size_t n);

/* "repetition count", "adaptive proportion" or "none" (and "unknown" for anything else). */
const char *rng_failure_name(enum rng_failure f);

/* Which test failed; RNG_FAIL_NONE if none has. */
enum rng_failure rng_failed_test(const struct rng *r);

/* The index (from 1) of the raw sample at which a test failed; 0 if none has. */
uint64_t rng_failed_at(const struct rng *r);

#endif /* RNG_H */
