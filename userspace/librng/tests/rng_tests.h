/*
 * What librng's host tests share: the raw sources they feed (sources.c) and
 * the test cases of each file, which main.c runs together.
 */
#ifndef RNG_TESTS_H
#define RNG_TESTS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A good source: SHA-256 (BearSSL's) of a tag and a counter, 32 bytes a
 * block. Different tags give different streams; the same tag the same one.
 */
struct src {
	uint64_t counter;
	uint32_t tag;
	uint8_t block[32];
	size_t used; /* bytes of block already given */
};

void src_init(struct src *s, uint32_t tag);
uint8_t src_byte(struct src *s);
/* The next byte of the stream that is not `avoid`. */
uint8_t src_byte_not(struct src *s, uint8_t avoid);
void src_fill(struct src *s, uint8_t *buf, size_t n);

/*
 * A biased source with no long runs: `run` copies of `value`, then one good
 * byte that is not `value`, over and over (value in run / (run + 1) of the
 * samples). Fills n bytes.
 */
void src_fill_biased(struct src *s, uint8_t *buf, size_t n, uint8_t value, unsigned run);

/* Runs of exactly `run` identical bytes, each run's value good and unlike the last. */
void src_fill_runs(struct src *s, uint8_t *buf, size_t n, unsigned run);

TCase *rng_health_tcase(void);
TCase *rng_flow_tcase(void);
TCase *rng_kat_tcase(void);

#endif /* RNG_TESTS_H */
