/*
 * The nearest double to a number's text (hosted_number.h). Owns strtod's
 * syntax (white space, sign, the decimal and hexadecimal forms, infinities
 * and NaNs) and the one rounding every finite number goes through.
 *
 * A decimal's significant digits become a big integer D, its value
 * D * 10^E. For E >= 0 the product is made exactly and its top 64 bits are
 * kept; for E < 0, D is shifted so that an exact division by 10^-E yields a
 * 64-bit quotient. Either way the bits below the 64 only count as a sticky
 * bit, so the one rounding to 53 bits (or fewer, for a subnormal) is
 * correct. A short decimal (15 digits at most, |E| at most 22) takes the
 * fast path: both operands are exact doubles, and one IEEE multiplication
 * or division rounds correctly by itself. A hexadecimal's digits are the
 * bits already.
 *
 * It rounds to nearest with ties to even, the default mode the runtime
 * never changes. Pure: no errno, no locale, no allocation.
 */
#include "hosted_number.h"

#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

_Static_assert(FLT_EVAL_METHOD == 0 && DBL_MANT_DIG == 53,
	       "doubles are IEEE binary64, evaluated as such");

#define SIGN_BIT 0x8000000000000000ull
#define INF_BITS 0x7ff0000000000000ull
#define NAN_BITS 0x7ff8000000000000ull

/*
 * Significant decimal digits kept. A midpoint between two adjacent doubles,
 * where the rounding turns, has at most 767 significant digits; the digits
 * past the kept ones only tell whether the number lies above its kept
 * prefix, and a last digit 1 stands for them: every comparison with a
 * midpoint comes out as it would with all the digits.
 */
#define DIGITS_MAX 780
/* D has nd digits, so D * 10^E lies in [10^(nd-1+E), 10^(nd+E)). */
#define DEC_OVER    309	   /* nd-1+E at least this: at least 1e309, over DBL_MAX */
#define DEC_UNDER   (-324) /* nd+E at most this: under 1e-324, below half the least subnormal */
#define FAST_DIGITS 15	   /* D below 10^15 < 2^53 is an exact double */
#define FAST_EXP    22	   /* 10^22 = 2^22 * 5^22, and 5^22 < 2^53: an exact double */
/*
 * Written exponents saturate here: far past any double even after the
 * digits' own shift (one step per digit, so bounded by the string's
 * length), and far from overflowing a long when the two are added.
 */
#define EXP_LIMIT (LONG_MAX / 20)

/*
 * Big unsigned integers in 32-bit limbs, least significant first. The
 * largest made is 10^1105 shifted left 63 bits (a 781-digit D with
 * nd+E > -324): 3735 bits, 117 limbs.
 */
#define BIG_LIMBS 120
struct big {
	uint32_t limb[BIG_LIMBS];
	int n; /* limbs in use; limb[n-1] is not zero */
};

/* The digits of a decimal, leading and trailing zeros taken off. */
struct decimal {
	uint8_t digit[DIGITS_MAX + 1];
	int nd;
	long exp10; /* the value is digit[0..nd) * 10^exp10 */
};

static const uint32_t pow10_u32[10] = {
	1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
};

static const double pow10_exact[FAST_EXP + 1] = {
	1e0,  1e1,  1e2,  1e3,	1e4,  1e5,  1e6,  1e7,	1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* ---- big integers ---- */

static void big_trim(struct big *b)
{
	while (b->n > 0 && b->limb[b->n - 1] == 0)
		b->n--;
}

/* b = b * mul + add. The sizes above keep every product within BIG_LIMBS. */
static void big_mul_add(struct big *b, uint32_t mul, uint32_t add)
{
	uint64_t carry = add;

	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->limb[i] * mul + carry;

		b->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0 && b->n < BIG_LIMBS)
		b->limb[b->n++] = (uint32_t)carry;
}

static void big_mul_pow10(struct big *b, long k)
{
	while (k > 0) {
		long step = k < 9 ? k : 9;

		big_mul_add(b, pow10_u32[step], 0);
		k -= step;
	}
}

static void big_set_digits(struct big *b, const struct decimal *d)
{
	b->n = 0;
	for (int i = 0; i < d->nd; i += 9) {
		int take = d->nd - i < 9 ? d->nd - i : 9;
		uint32_t chunk = 0;

		for (int j = 0; j < take; j++)
			chunk = chunk * 10u + d->digit[i + j];
		big_mul_add(b, pow10_u32[take], chunk);
	}
}

static int big_bits(const struct big *b)
{
	if (b->n == 0)
		return 0;
	return (b->n - 1) * 32 + 32 - __builtin_clz(b->limb[b->n - 1]);
}

/* b = b << k, k >= 0. */
static void big_shl(struct big *b, int k)
{
	int limbs = k / 32;
	int bits = k % 32;
	int n = b->n + limbs + 1;

	if (b->n == 0)
		return;
	if (n > BIG_LIMBS)
		n = BIG_LIMBS;
	/* from the top down, so that a limb is read before it is written over */
	for (int i = n - 1; i >= limbs; i--) {
		int from = i - limbs;
		uint64_t hi = from < b->n ? b->limb[from] : 0;
		uint64_t lo = from >= 1 ? b->limb[from - 1] : 0;

		b->limb[i] = (uint32_t)((hi << bits) | (lo >> (32 - bits)));
	}
	memset(b->limb, 0, sizeof b->limb[0] * (size_t)limbs);
	b->n = n;
	big_trim(b);
}

static void big_shr1(struct big *b)
{
	for (int i = 0; i < b->n; i++) {
		uint32_t above = i + 1 < b->n ? b->limb[i + 1] : 0;

		b->limb[i] = (b->limb[i] >> 1) | (above << 31);
	}
	big_trim(b);
}

static int big_cmp(const struct big *a, const struct big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--) {
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	}
	return 0;
}

/* a = a - b, a >= b. */
static void big_sub(struct big *a, const struct big *b)
{
	uint64_t borrow = 0;

	for (int i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->limb[i] - (i < b->n ? b->limb[i] : 0u) - borrow;

		a->limb[i] = (uint32_t)t;
		borrow = t >> 63;
	}
	big_trim(a);
}

/* floor(a / p) for a < p * 2^64; a is left holding the remainder, p changed. */
static uint64_t big_div64(struct big *a, struct big *p)
{
	uint64_t q = 0;

	big_shl(p, 63);
	for (int i = 63; i >= 0; i--) {
		if (big_cmp(a, p) >= 0) {
			big_sub(a, p);
			q |= 1ull << i;
		}
		big_shr1(p);
	}
	return q;
}

static bool big_bit(const struct big *b, int i)
{
	return (b->limb[i / 32] >> (i % 32)) & 1u;
}

/* b's 64 leading bits (all of b when shorter); *ret_shift: the bits under them,
 * *ret_sticky: whether one of those is set. */
static uint64_t big_top64(const struct big *b, int *ret_shift, bool *ret_sticky)
{
	int bits = big_bits(b);
	int shift = bits > 64 ? bits - 64 : 0;
	uint64_t q = 0;
	bool sticky = false;

	for (int i = bits - 1; i >= shift; i--)
		q = q << 1 | big_bit(b, i);
	for (int i = 0; i < shift / 32; i++)
		sticky |= b->limb[i] != 0;
	if (shift % 32 != 0)
		sticky |= (b->limb[shift / 32] & ((1u << (shift % 32)) - 1u)) != 0;
	*ret_shift = shift;
	*ret_sticky = sticky;
	return q;
}

/* ---- the rounding ---- */

/* Whether q's bits under the lowest `drop` round q >> drop up: to nearest, ties to even. */
static bool rounds_up(uint64_t q, int drop, bool sticky)
{
	uint64_t rest = q & ((1ull << drop) - 1);
	uint64_t half = 1ull << (drop - 1);

	return rest > half || (rest == half && (sticky || ((q >> drop) & 1u)));
}

/*
 * Tininess after rounding, as RISC-V and x86 judge it: whether the value,
 * rounded to 53 bits with no bound on the exponent, lies under 2^-1022.
 * q has its top bit set and the value lies in [2^exp, 2^(exp+1)).
 */
static bool is_tiny(uint64_t q, long exp, bool sticky)
{
	if (exp < DBL_MIN_EXP - 2)
		return true;
	return (q >> 11) != (1ull << 53) - 1 || !rounds_up(q, 11, sticky);
}

/*
 * The bits of the double nearest (q + f) * 2^e2, where q > 0 and f in [0, 1)
 * is not zero exactly when `sticky`. *ret_range: it overflowed, or it
 * underflowed (tiny after rounding, and inexact).
 */
static uint64_t round_bits(uint64_t q, long e2, bool sticky, bool *ret_range)
{
	int lead = __builtin_clzll(q);
	long exp;
	int keep;

	q <<= lead;
	exp = e2 - lead + 63; /* the value lies in [2^exp, 2^(exp+1)) */
	*ret_range = true;
	if (exp > DBL_MAX_EXP - 1)
		return INF_BITS;
	if (exp < -1075) /* under 2^-1075, half the least subnormal */
		return 0;
	if (exp == -1075) /* in [2^-1075, 2^-1074): the least subnormal, or a tie to 0 */
		return q == 1ull << 63 && !sticky ? 0 : 1;
	keep = exp >= DBL_MIN_EXP - 1 ? DBL_MANT_DIG : (int)(exp + 1075);

	int drop = 64 - keep;
	uint64_t m = (q >> drop) + rounds_up(q, drop, sticky);
	bool inexact = (q & ((1ull << drop) - 1)) != 0 || sticky;

	if (exp < DBL_MIN_EXP - 1) {
		/* a subnormal's bits are its significand; 2^52 is the least normal */
		*ret_range = inexact && is_tiny(q, exp, sticky);
		return m;
	}
	/* m holds the hidden bit, so a carry to 2^53 steps the exponent up */
	uint64_t bits = ((uint64_t)(exp + 1022) << 52) + m;

	if (bits >= INF_BITS)
		return INF_BITS;
	*ret_range = false;
	return bits;
}

/* ---- decimals ---- */

static uint64_t decimal_fast(const struct decimal *d)
{
	uint64_t whole = 0;
	double v;

	for (int i = 0; i < d->nd; i++)
		whole = whole * 10u + d->digit[i];
	v = (double)whole;
	v = d->exp10 >= 0 ? v * pow10_exact[d->exp10] : v / pow10_exact[-d->exp10];

	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	return bits;
}

/* The bits of the double nearest d's value; d->nd > 0. */
static uint64_t decimal_bits(const struct decimal *d, bool *ret_range)
{
	struct big a = {.n = 0};
	struct big p = {.n = 0};
	int shift;
	bool sticky;
	uint64_t q;

	*ret_range = true;
	if (d->nd - 1 + d->exp10 >= DEC_OVER)
		return INF_BITS;
	if (d->nd + d->exp10 <= DEC_UNDER)
		return 0;
	if (d->nd <= FAST_DIGITS && d->exp10 >= -FAST_EXP && d->exp10 <= FAST_EXP) {
		*ret_range = false;
		return decimal_fast(d);
	}
	big_set_digits(&a, d);
	if (d->exp10 >= 0) {
		big_mul_pow10(&a, d->exp10);
		q = big_top64(&a, &shift, &sticky);
		return round_bits(q, shift, sticky, ret_range);
	}
	p.limb[0] = 1;
	p.n = 1;
	big_mul_pow10(&p, -d->exp10);
	/* scale so that a / p lies in (2^62, 2^64) */
	shift = big_bits(&p) - big_bits(&a) + 63;
	if (shift >= 0)
		big_shl(&a, shift);
	else
		big_shl(&p, -shift);
	q = big_div64(&a, &p);
	return round_bits(q, -(long)shift, a.n != 0, ret_range);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits with at most one '.', into d; the end, or NULL when there is no digit. */
static const char *read_digits(const char *p, struct decimal *d)
{
	bool any = false;
	bool point = false;
	bool dropped = false;

	d->nd = 0;
	d->exp10 = 0;
	for (;; p++) {
		if (*p == '.' && !point) {
			point = true;
			continue;
		}
		if (!is_digit(*p))
			break;
		any = true;
		uint8_t v = (uint8_t)(*p - '0');

		if (d->nd == 0 && v == 0) {
			d->exp10 -= point; /* a leading zero */
		} else if (d->nd < DIGITS_MAX) {
			d->digit[d->nd++] = v;
			d->exp10 -= point;
		} else {
			dropped |= v != 0;
			d->exp10 += !point;
		}
	}
	if (!any)
		return NULL;
	if (dropped) {
		d->digit[d->nd++] = 1;
		d->exp10--;
	}
	while (d->nd > 0 && d->digit[d->nd - 1] == 0) {
		d->nd--;
		d->exp10++;
	}
	return p;
}

/* An exponent's sign and digits after its letter at p; p itself when there are no digits. */
static const char *read_exponent(const char *p, long *ret_exp)
{
	const char *q = p + 1;
	bool negative = *q == '-';
	long e = 0;

	if (*q == '+' || *q == '-')
		q++;
	if (!is_digit(*q))
		return p;
	for (; is_digit(*q); q++) {
		if (e < EXP_LIMIT)
			e = e * 10 + (*q - '0');
	}
	*ret_exp = negative ? -e : e;
	return q;
}

static int lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static const char *read_decimal(const char *p, uint64_t *ret_bits, bool *ret_range)
{
	struct decimal d;
	long exp = 0;
	const char *end = read_digits(p, &d);

	if (end == NULL)
		return NULL;
	if (lower(*end) == 'e')
		end = read_exponent(end, &exp);
	*ret_range = false;
	*ret_bits = 0;
	if (d.nd > 0) {
		d.exp10 += exp;
		*ret_bits = decimal_bits(&d, ret_range);
	}
	return end;
}

/* ---- hexadecimals ---- */

static int hex_value(char c)
{
	int l = lower(c);

	if (is_digit(c))
		return c - '0';
	return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

/* After "0x": the digits' first 61 or more bits in *q, what is under them in *sticky. */
static const char *read_hex_digits(const char *p, uint64_t *q, long *e2, bool *sticky)
{
	bool any = false;
	bool point = false;

	for (;; p++) {
		if (*p == '.' && !point) {
			point = true;
			continue;
		}
		int v = hex_value(*p);

		if (v < 0)
			break;
		any = true;
		if (*q >> 60 == 0) {
			*q = *q << 4 | (uint64_t)v;
			*e2 -= point ? 4 : 0;
		} else {
			*sticky |= v != 0;
			*e2 += point ? 0 : 4;
		}
	}
	return any ? p : NULL;
}

static const char *read_hex(const char *p, uint64_t *ret_bits, bool *ret_range)
{
	uint64_t q = 0;
	long e2 = 0;
	long exp = 0;
	bool sticky = false;
	const char *end;

	if (p[0] != '0' || lower(p[1]) != 'x')
		return NULL;
	end = read_hex_digits(p + 2, &q, &e2, &sticky);
	if (end == NULL)
		return NULL; /* "0x" and no digit: the decimal 0 */
	if (lower(*end) == 'p')
		end = read_exponent(end, &exp);
	*ret_range = false;
	*ret_bits = q == 0 ? 0 : round_bits(q, e2 + exp, sticky, ret_range);
	return end;
}

/* ---- infinities and NaNs ---- */

/* p past a case-blind `word` at its start, or NULL. */
static const char *match(const char *p, const char *word)
{
	for (; *word != '\0'; p++, word++) {
		if (lower(*p) != *word)
			return NULL;
	}
	return p;
}

static bool is_nan_char(char c)
{
	return is_digit(c) || c == '_' || (lower(c) >= 'a' && lower(c) <= 'z');
}

static const char *read_special(const char *p, uint64_t *ret_bits)
{
	const char *end = match(p, "inf");
	const char *q;

	if (end != NULL) {
		q = match(end, "inity");
		*ret_bits = INF_BITS;
		return q != NULL ? q : end;
	}
	end = match(p, "nan");
	if (end == NULL)
		return NULL;
	*ret_bits = NAN_BITS;
	if (*end != '(')
		return end;
	for (q = end + 1; is_nan_char(*q); q++)
		;
	return *q == ')' ? q + 1 : end;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

double hosted_number_read(const char *s, const char **ret_end, bool *ret_range)
{
	const char *p = s;
	const char *end;
	uint64_t bits = 0;
	bool range = false;
	bool negative;
	double v;

	while (is_space(*p))
		p++;
	negative = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	end = read_special(p, &bits);
	if (end == NULL)
		end = read_hex(p, &bits, &range);
	if (end == NULL)
		end = read_decimal(p, &bits, &range);
	if (end == NULL) {
		*ret_end = s;
		*ret_range = false;
		return 0.0;
	}
	bits |= negative ? SIGN_BIT : 0;
	memcpy(&v, &bits, sizeof v);
	*ret_end = end;
	*ret_range = range;
	return v;
}
