/*
 * Host tests of libtext: a measuring writer counts exactly what a writing
 * one writes, numbers at their extremes, and the escaping of every byte
 * that is not plain printable ASCII.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text_writer.h"

/* Lays out one sample line with every operation. */
static void lay_out(struct text_writer *w)
{
	text_put_str(w, "n=");
	text_put_decimal(w, 42);
	text_put_char(w, ' ');
	text_put_hex64(w, 0xabcdu);
	text_put_char(w, ' ');
	text_put_escaped(w, "a\\b\n", 4);
}

START_TEST(test_measure_matches_write)
{
	static const char want[] = "n=42 0x000000000000abcd a\\x5cb\\x0a";
	struct text_writer measure = {0};
	char buf[64];
	struct text_writer out = {.buf = buf};

	lay_out(&measure);
	lay_out(&out);
	ck_assert_uint_eq(measure.len, strlen(want));
	ck_assert_uint_eq(out.len, measure.len);
	buf[out.len] = '\0';
	ck_assert_str_eq(buf, want);
}
END_TEST

START_TEST(test_numbers_at_extremes)
{
	char buf[64];
	struct text_writer w = {.buf = buf};

	text_put_decimal(&w, 0);
	text_put_char(&w, ' ');
	text_put_decimal(&w, UINT64_MAX);
	text_put_char(&w, ' ');
	text_put_hex64(&w, UINT64_MAX);
	buf[w.len] = '\0';
	ck_assert_str_eq(buf, "0 18446744073709551615 0xffffffffffffffff");
}
END_TEST

START_TEST(test_escaped_bytes)
{
	static const char in[] = {' ', '~', 0x1f, 0x7f, '\\', (char)0xff, '\0'};
	char buf[64];
	struct text_writer w = {.buf = buf};

	text_put_escaped(&w, in, sizeof(in));
	buf[w.len] = '\0';
	ck_assert_str_eq(buf, " ~\\x1f\\x7f\\x5c\\xff\\x00");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_measure_matches_write);
	tcase_add_test(tc, test_numbers_at_extremes);
	tcase_add_test(tc, test_escaped_bytes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
