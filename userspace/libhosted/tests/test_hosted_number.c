/*
 * Host tests of hosted_number.c against glibc's strtod, which rounds
 * correctly but for a window of hexadecimal subnormals (number_oracle.h): every
 * value's bits, where the reading stopped and whether it reported a range
 * error must agree. The inputs: a table of syntax and edge
 * cases (with the bits some must have written out, so that glibc is not the
 * only judge), the decimal and hexadecimal forms printf makes of random
 * doubles, random digit strings, and the exact midpoints between adjacent
 * doubles (printed from long double, which holds them), read as they are,
 * cut short, and with a digit 1 past the 780 the reader keeps.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/number_oracle.h"
#include "hosted_number.h"
#include "test_hosted_number.h"

#define MIDPOINT_DIGITS 800 /* %Le digits after the point: every midpoint exactly */

static double of_bits(uint64_t b)
{
	double v;

	memcpy(&v, &b, sizeof v);
	return v;
}

/* A deterministic generator (splitmix64): the same inputs on every run. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* snprintf that must fit: a test's own text never runs over. */
#define PRINT(buf, size, ...) ck_assert_int_lt(snprintf((buf), (size), __VA_ARGS__), (int)(size))

/* Reads s with both; fails with s in the message on any disagreement. Returns the bits. */
static uint64_t agree(const char *s)
{
	const char *end;
	char *want_end;
	bool range;
	double got = hosted_number_read(s, &end, &range);
	double want;
	int want_errno;

	errno = 0;
	want = strtod(s, &want_end);
	want_errno = errno;
	ck_assert_msg(end == want_end, "%.60s...: stopped at %td, glibc at %td", s, end - s,
		      want_end - s);
	if (!number_glibc_judges(s, got, want))
		return number_bits(got);
	ck_assert_msg(number_bits(got) == number_bits(want) || (isnan(got) && isnan(want)),
		      "%.60s...: read %a, glibc %a", s, got, want);
	/* glibc reads a NaN's n-char-sequence as a payload with strtoull, whose ERANGE leaks */
	if (!isnan(want))
		ck_assert_msg(range == (want_errno == ERANGE), "%.60s...: range %d, glibc errno %d",
			      s, range, want_errno);
	return number_bits(got);
}

START_TEST(test_number_syntax)
{
	static const char *const cases[] = {
		"",
		" ",
		"+",
		"-",
		".",
		"+.",
		"e5",
		".e5",
		"1e",
		"1e+",
		"1e-x",
		"1.",
		"1..2",
		".5",
		"-.5e1",
		" \t\n\v\f\r+1.5x",
		"0",
		"-0",
		"00012",
		"0.0012",
		"1e5",
		"1E-5",
		"123456789012345678901234567890",
		"0x",
		"0X",
		"0x.",
		"0x.p1",
		"0x1p",
		"0x1p+",
		"0x1P-2",
		"0x.8",
		"0xA.8p1",
		"-0x1.fffffffffffff8p1023",
		"0x1.fffffffffffff7ffp1023",
		"0x1.00000000000008p0",
		"0x1.000000000000080000000000001p0",
		"0x1.00000000000018p0",
		"0x0.0000000000001p-1022",
		"0x1p-1075",
		"0x1.0000000001p-1075",
		"0x1p-1076",
		"0x1p-1074",
		"0x1.8p-1070",
		"0x1p1024",
		"0x0p99999999999999",
		"0x1p-99999999999999",
		"inf",
		"-INF",
		"Infinity",
		"infinit",
		"infx",
		"nan",
		"-nan",
		"NaN(abc_1)",
		"nan(",
		"nan(a b)",
		"nanx",
		"in",
		"na",
		"1e99999999999999999999",
		"1e-99999999999999999999",
		"0e99999",
		"0.000e-99999",
		"1.7976931348623157e308",
		"1.7976931348623158e308",
		"1.7976931348623158079e308",
		"1.797693134862315807937289714053e308",
		"1.7976931348623159e308",
		"2.2250738585072011e-308",
		"2.2250738585072012e-308",
		"2.2250738585072014e-308",
		"4.9406564584124654e-324",
		"2.4703282292062327e-324",
		"2.4703282292062328e-324",
		"5e-324",
		"3e-324",
		"1e-400",
		"1e400",
		"9007199254740993",
		"9007199254740993.0000000000000001",
		"9007199254740995",
		"0.1",
		"0.3",
		"4.84143144246472090e+00",
		"-1.03622044471123109e-01",
		"1.66007664274403694e-03",
		"123456789012345",
		"1234567890123456",
		"1e22",
		"1e23",
		"1e-22",
		"1e-23",
		"8.5e-323x",
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		agree(cases[i]);
}
END_TEST

/* Bits written out: what the nearest double is, whatever glibc says. */
START_TEST(test_number_known_bits)
{
	static const struct {
		const char *text;
		uint64_t bits;
	} cases[] = {
		{"0.1", 0x3fb999999999999aull},
		{"-1.03622044471123109e-01",
		 0xbfba86f96c25ebf0ull},		     /* 17 digits would read ...ebef */
		{"9007199254740993", 0x4340000000000000ull}, /* 2^53 + 1: a tie, to even */
		{"9007199254740995", 0x4340000000000002ull}, /* 2^53 + 3: a tie, to even */
		{"9007199254740993.0000000000000001", 0x4340000000000001ull},
		{"1.7976931348623157e308", 0x7fefffffffffffffull},
		{"1.7976931348623159e308", 0x7ff0000000000000ull},
		{"4.9406564584124654e-324", 0x0000000000000001ull},
		{"2.4703282292062327e-324", 0x0000000000000000ull},
		{"2.4703282292062328e-324", 0x0000000000000001ull},
		{"2.2250738585072014e-308", 0x0010000000000000ull},
		{"0x1.00000000000008p0", 0x3ff0000000000000ull}, /* a tie, to even */
		{"0x1.00000000000018p0", 0x3ff0000000000002ull}, /* a tie, to even */
		{"0x1p-1075", 0x0000000000000000ull},		 /* a tie, to even: zero */
		{"0x1.0000000001p-1075", 0x0000000000000001ull},
		{"0x1.ffffffffffffd8p-1023", 0x000fffffffffffffull}, /* glibc 2.36: ...ffe */
		{"0x1.ffffffffffffc8p-1023", 0x000ffffffffffffeull},
		{"0x1.ffffffffffffe8p-1023", 0x000fffffffffffffull},
		{"0x1.fffffffffffff8p-1023", 0x0010000000000000ull}, /* up to 2^-1022 */
		{"0x00000000000000000C01Da2AE5eB2d4p-1079",
		 0x000600ed1572f597ull},			      /* glibc: ...596 */
		{"-0x0E188eB3b37.Ae14p-1063", 0x80070c4759d9bd71ull}, /* glibc: ...d70 */
		{"-0x02f880000000001p-1078", 0x8002f88000000000ull},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint64_t got = agree(cases[i].text);

		ck_assert_msg(got == cases[i].bits, "%s: %016llx, want %016llx", cases[i].text,
			      (unsigned long long)got, (unsigned long long)cases[i].bits);
	}
}
END_TEST

/* Underflow by hand: tiny after rounding and inexact, and nothing else. */
/* The written exponent and the digits' own shift, both large: their sum is what counts. */
START_TEST(test_number_long_exponents)
{
	static const struct {
		const char *head;
		char fill;
		size_t count;
		const char *tail;
		uint64_t bits;
	} cases[] = {
		{"0.", '0', 999691, "1e1000000", 0x7fe1ccf385ebc8a0ull}, /* 1e308 */
		{"1", '0', 1000000, "e-1000000", 0x3ff0000000000000ull},
		{"0x0.", '0', 249744, "1p1000000", 0x7fb0000000000000ull}, /* 2^1020 */
		{"0x1", '0', 250000, "p-1000000", 0x3ff0000000000000ull},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t head = strlen(cases[i].head);
		size_t tail = strlen(cases[i].tail);
		char *text = malloc(head + cases[i].count + tail + 1);

		ck_assert_ptr_nonnull(text);
		memcpy(text, cases[i].head, head);
		memset(text + head, cases[i].fill, cases[i].count);
		memcpy(text + head + cases[i].count, cases[i].tail, tail + 1);
		ck_assert_msg(agree(text) == cases[i].bits, "case %zu", i);
		free(text);
	}
}
END_TEST

START_TEST(test_number_underflow)
{
	static const struct {
		const char *text;
		bool range;
	} cases[] = {
		{"0x1.ffffffffffff08p-1023", true}, /* glibc 2.36 says no */
		{"0x1.00000000000008p-1023", true}, /* glibc 2.36 says no */
		{"0x1.00000000000004p-1023", true},
		{"0x1.ffffffffffffep-1023", false},  /* exact */
		{"0x1.fffffffffffff8p-1023", false}, /* rounds to 2^-1022 at 53 bits: not tiny */
		{"0x1.fffffffffffff4p-1023", true},  /* 53 bits keep it under 2^-1022 */
		{"2.2250738585072011e-308", true},
		{"0x1p-1074", false},
		{"0x1p-1075", true},
		{"1e-400", true},
		{"0x1p-1022", false},
		{"-0x02f880000000001p-1078", true}, /* glibc 2.36 says no */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *end;
		bool range;

		hosted_number_read(cases[i].text, &end, &range);
		ck_assert_msg(range == cases[i].range, "%s: range %d", cases[i].text, range);
	}
}
END_TEST

/* A finite double of random bits: every exponent equally likely. */
static double random_double(uint64_t *state)
{
	double v;

	do
		v = of_bits(next_random(state));
	while (!isfinite(v));
	return v;
}

START_TEST(test_number_printed)
{
	static const char *const formats[] = {"%.17g", "%.16g", "%.15g", "%.18e",
					      "%.25e", "%.40e", "%a",	 "%.3a"};
	uint64_t state = 1;
	char text[128];

	for (int i = 0; i < 8000; i++) {
		double v = random_double(&state);

		for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
			PRINT(text, sizeof text, formats[f], v);
			agree(text);
		}
		PRINT(text, sizeof text, "%.17g", v);
		ck_assert_msg(agree(text) == number_bits(v), "%s does not read back as %a", text,
			      v);
	}
}
END_TEST

START_TEST(test_number_random_digits)
{
	uint64_t state = 2;
	char text[128];

	for (int i = 0; i < 40000; i++) {
		int digits = 1 + (int)(next_random(&state) % 40);
		int point = (int)(next_random(&state) % (uint64_t)(digits + 1));
		int exp = (int)(next_random(&state) % 701) - 350;
		size_t n = 0;

		for (int d = 0; d < digits; d++) {
			if (d == point)
				text[n++] = '.';
			text[n++] = (char)('0' + next_random(&state) % 10);
		}
		PRINT(text + n, sizeof text - n, "e%d", exp);
		agree(text);
	}
}
END_TEST

/* Reads the exact midpoint above |x| three ways: as it is (a tie, to the even one),
 * cut to `cut` significant digits (below it), and with a 1 past every digit (above it). */
static void check_midpoint(double x, int cut)
{
	static char text[MIDPOINT_DIGITS + 64];
	static char shorter[MIDPOINT_DIGITS + 64];
	static char longer[2 * MIDPOINT_DIGITS + 64];
	double up = nextafter(x, INFINITY);
	long double mid = (long double)x + ((long double)up - (long double)x) / 2;
	double even = (number_bits(x) & 1u) == 0 ? x : up;
	char *e;

	PRINT(text, sizeof text, "%.*Le", MIDPOINT_DIGITS, mid);
	e = strchr(text, 'e');
	ck_assert_ptr_nonnull(e);
	ck_assert_msg(number_bits(of_bits(agree(text))) == number_bits(even),
		      "%.40s...: not the even neighbour", text);
	/* cut: the digits before the cut, then the exponent */
	PRINT(shorter, sizeof shorter, "%.*s%s", cut + 1, text, e);
	if (strtold(shorter, NULL) != mid)
		ck_assert_msg(agree(shorter) == number_bits(x), "%s: not %a", shorter, x);
	/* longer: every digit, 800 zeros, a 1, then the exponent */
	PRINT(longer, sizeof longer, "%.*s%0*d1%s", (int)(e - text), text, MIDPOINT_DIGITS, 0, e);
	ck_assert_msg(agree(longer) == number_bits(up), "%.40s...1: not %a", longer, up);
}

START_TEST(test_number_midpoints)
{
	uint64_t state = 3;

	ck_assert_msg(LDBL_MANT_DIG >= DBL_MANT_DIG + 1, "long double cannot hold a midpoint here");
	for (int i = 0; i < 600; i++) {
		double x = fabs(random_double(&state));
		int cut = 17 + (int)(next_random(&state) % 760);

		if (x == DBL_MAX)
			continue;
		check_midpoint(x, cut);
	}
	/* the subnormals and the bottom of the normals, where the fewest bits remain */
	for (uint64_t b = 0; b < 300; b++) {
		check_midpoint(of_bits(b), 17 + (int)(b % 700));
		check_midpoint(of_bits(0x0010000000000000ull - 150 + b), 17 + (int)(b % 700));
	}
}
END_TEST

Suite *hosted_number_suite(void)
{
	Suite *su = suite_create("hosted_number");
	TCase *tc = tcase_create("number");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_number_syntax);
	tcase_add_test(tc, test_number_known_bits);
	tcase_add_test(tc, test_number_underflow);
	tcase_add_test(tc, test_number_long_exponents);
	tcase_add_test(tc, test_number_printed);
	tcase_add_test(tc, test_number_random_digits);
	tcase_add_test(tc, test_number_midpoints);
	suite_add_tcase(su, tc);
	return su;
}
