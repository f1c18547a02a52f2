/*
 * Host tests of the kernel's formatter (kernel/fmt.c): every conversion it
 * claims is compared with the C library's snprintf on the same arguments,
 * plus the cases where the two differ on purpose or the library is silent
 * (%p of NULL, unknown conversions, a trailing '%').
 */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cairn/fmt.h"
#include "check_main.h"

static void check_same(const char *ours, size_t ours_len, const char *libc, int libc_len)
{
	ck_assert_int_ge(libc_len, 0);
	ck_assert_str_eq(ours, libc);
	ck_assert_uint_eq(ours_len, (size_t)libc_len);
}

/*
 * Format with both and require identical text and length. A macro rather
 * than a variadic function, so each side gets the arguments first-hand.
 */
#define expect_like_libc(...)                                                                      \
	do {                                                                                       \
		char ours[256];                                                                    \
		char libc[256];                                                                    \
		size_t ours_len = fmt_snprintf(ours, sizeof(ours), __VA_ARGS__);                   \
		int libc_len = snprintf(libc, sizeof(libc), __VA_ARGS__);                          \
		check_same(ours, ours_len, libc, libc_len);                                        \
	} while (0)

START_TEST(test_plain_text_and_percent)
{
	expect_like_libc("hello");
	expect_like_libc("%s", "");
	expect_like_libc("100%% sure %%");
}
END_TEST

START_TEST(test_signed)
{
	expect_like_libc("%d %d %d", 0, -1, 42);
	expect_like_libc("%d %d", INT_MAX, INT_MIN);
	expect_like_libc("%ld %ld", LONG_MAX, LONG_MIN);
	expect_like_libc("%lld %lld", LLONG_MAX, LLONG_MIN);
}
END_TEST

START_TEST(test_unsigned_and_hex)
{
	expect_like_libc("%u %u", 0U, UINT_MAX);
	expect_like_libc("%x %x %x", 0U, 0xdeadbeefU, UINT_MAX);
	expect_like_libc("%lu %lx", ULONG_MAX, 0x123456789abcdefUL);
	expect_like_libc("%llu %llx", ULLONG_MAX, 0xfedcba9876543210ULL);
}
END_TEST

START_TEST(test_width_and_zero_pad)
{
	expect_like_libc("[%8d] [%08d] [%1d]", 42, 42, 7);
	expect_like_libc("[%08x] [%016lx] [%4u]", 0xabcU, 0x1234UL, 123456U);
	expect_like_libc("[%08d] [%8d]", -42, -42);
	expect_like_libc("[%10s] [%2s]", "abc", "abcdef");
}
END_TEST

START_TEST(test_strings_and_chars)
{
	expect_like_libc("%s=%c%c", "key", 'o', 'k');
	expect_like_libc("%s", "");
	expect_like_libc("a%cb", 'Z');
}
END_TEST

START_TEST(test_pointer)
{
	char buf[64];
	int x;

	expect_like_libc("%p", (void *)&x);
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0);
	ck_assert_str_eq(buf, "0x0");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0x80200000UL);
	ck_assert_str_eq(buf, "0x80200000");
}
END_TEST

/* Formats the compiler must not check: not valid printf, or a NULL %s. */
static size_t format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(test_null_string)
{
	char buf[32];
	const char *none = NULL;

	(void)format_unchecked(buf, sizeof(buf), "[%s]", none);
	ck_assert_str_eq(buf, "[(null)]");
}
END_TEST

START_TEST(test_unknown_conversion_kept)
{
	char buf[32];
	const char *unknown = "a%qb%";

	ck_assert_uint_eq(format_unchecked(buf, sizeof(buf), unknown, 1), 5);
	ck_assert_str_eq(buf, "a%qb%");
}
END_TEST

START_TEST(test_truncation)
{
	char buf[8];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = fmt_snprintf(buf, 5, "%s-%d", "abcdef", 12);
	ck_assert_uint_eq(n, 9);
	ck_assert_str_eq(buf, "abcd");
	ck_assert_int_eq(buf[5], 'x'); /* nothing written past size */
	n = fmt_snprintf(buf, 0, "%d", 12345);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(buf[0], 'a');
	n = fmt_snprintf(buf, 1, "abc");
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(buf, "");
}
END_TEST

static void collect(char c, void *ctx)
{
	char **p = ctx;

	*(*p)++ = c;
}

static void format_to_sink(char *out, const char *fmt, ...)
{
	va_list ap;
	char *p = out;

	va_start(ap, fmt);
	fmt_vformat(collect, &p, fmt, ap);
	va_end(ap);
	*p = '\0';
}

START_TEST(test_sink_sees_every_character)
{
	char out[64];

	format_to_sink(out, "%s %u%%", "n", 7U);
	ck_assert_str_eq(out, "n 7%");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("conversions");

	tcase_add_test(tc, test_plain_text_and_percent);
	tcase_add_test(tc, test_signed);
	tcase_add_test(tc, test_unsigned_and_hex);
	tcase_add_test(tc, test_width_and_zero_pad);
	tcase_add_test(tc, test_strings_and_chars);
	tcase_add_test(tc, test_pointer);
	tcase_add_test(tc, test_null_string);
	tcase_add_test(tc, test_unknown_conversion_kept);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_sink_sees_every_character);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
