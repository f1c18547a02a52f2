/*
 * Where glibc's strtod is the judge of hosted_number_read: shared by the
 * number reader's fuzz target (fuzz_number.c) and its host tests
 * (tests/test_hosted_number.c), so the two cannot disagree on the
 * exceptions. glibc 2.36 rounds correctly but for hexadecimals that either
 * reading puts at or under 2^-1022: some it rounds the wrong way
 * ("0x1.ffffffffffffd8p-1023" reads 0.75 ulp away), some it does not report
 * as underflowing. The host tests check those by hand (test_number_known_bits,
 * test_number_underflow).
 */
#ifndef NUMBER_ORACLE_H
#define NUMBER_ORACLE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t number_bits(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof b);
	return b;
}

/* Whether glibc judges the reading of s, which gave `got` here and `want` there. */
static inline bool number_glibc_judges(const char *s, double got, double want)
{
	uint64_t g = number_bits(fabs(got));
	uint64_t w = number_bits(fabs(want));

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		s++;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return true;
	return g > 1ull << 52 && w > 1ull << 52;
}

#endif /* NUMBER_ORACLE_H */
