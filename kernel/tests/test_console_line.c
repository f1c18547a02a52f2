/*
 * Host tests of the console's line rule (kernel/console_line.c): every line
 * starts with the tag of its one source, a line open for another source is
 * ended before a new one starts, and the tag byte never passes through.
 */
#include <check.h>
#include <string.h>

#include "cairn/console_line.h"
#include "check_main.h"

struct capture {
	char text[256];
	size_t len;
};

static void capture_put(char c, void *ctx)
{
	struct capture *cap = ctx;

	ck_assert_uint_lt(cap->len, sizeof(cap->text) - 1);
	cap->text[cap->len++] = c;
	cap->text[cap->len] = '\0';
}

static const struct console_source kernel_src = {.id = 0, .name = "kernel"};
static const struct console_source init_src = {.id = 3, .name = "init"};
static const struct console_source hello_src = {.id = 9, .name = "hello"};

static void put_all(struct console_line *line, const struct console_source *src, const char *s,
		    struct capture *cap)
{
	for (; *s != '\0'; s++)
		console_line_put(line, src, *s, capture_put, cap);
}

START_TEST(test_each_line_tagged)
{
	struct console_line line = {0};
	struct capture cap = {0};

	put_all(&line, &kernel_src, "KBOOT: a ok\nKBOOT: b ok\n", &cap);
	put_all(&line, &init_src, "INIT: c ok\n", &cap);
	ck_assert_str_eq(
		cap.text,
		"\x01[kernel] KBOOT: a ok\n\x01[kernel] KBOOT: b ok\n\x01[init] INIT: c ok\n");
}
END_TEST

START_TEST(test_same_source_continues_its_line)
{
	struct console_line line = {0};
	struct capture cap = {0};

	put_all(&line, &init_src, "INIT: ", &cap);
	put_all(&line, &init_src, "handles ok\n", &cap);
	ck_assert_str_eq(cap.text, "\x01[init] INIT: handles ok\n");
}
END_TEST

START_TEST(test_other_source_ends_the_open_line)
{
	struct console_line line = {0};
	struct capture cap = {0};

	put_all(&line, &init_src, "INIT: handles", &cap);
	put_all(&line, &hello_src, " ok\n", &cap);
	put_all(&line, &init_src, " ok\n", &cap);
	ck_assert_str_eq(cap.text, "\x01[init] INIT: handles\n\x01[hello]  ok\n\x01[init]  ok\n");
}
END_TEST

START_TEST(test_tag_byte_dropped)
{
	struct console_line line = {0};
	struct capture cap = {0};

	put_all(&line, &hello_src, "x\n\x01[init] INIT: handles ok\n", &cap);
	ck_assert_str_eq(cap.text, "\x01[hello] x\n\x01[hello] [init] INIT: handles ok\n");
}
END_TEST

START_TEST(test_same_name_other_process_is_another_source)
{
	struct console_line line = {0};
	struct capture cap = {0};
	const struct console_source init_again = {.id = 12, .name = "init"};

	put_all(&line, &init_src, "a", &cap);
	put_all(&line, &init_again, "b\n", &cap);
	ck_assert_str_eq(cap.text, "\x01[init] a\n\x01[init] b\n");
}
END_TEST

START_TEST(test_names_a_process_may_have)
{
	ck_assert(console_name_is_allowed("init", 4));
	ck_assert(console_name_is_allowed("uart-d_2.x", 10));
	ck_assert(console_name_is_allowed("kernels", 7));
	ck_assert(console_name_is_allowed("kernel", 5)); /* "kerne" */
	ck_assert(console_name_is_allowed("abcdefghijabcdefghijabcdefghija", 31));
}
END_TEST

START_TEST(test_names_refused)
{
	static const char forged[] = "x] \n\x01[kernel";

	ck_assert(!console_name_is_allowed("kernel", 6));
	ck_assert(!console_name_is_allowed("console", 7));
	ck_assert(!console_name_is_allowed("", 0));
	ck_assert(!console_name_is_allowed("abcdefghijabcdefghijabcdefghijab", 32));
	ck_assert(!console_name_is_allowed(forged, sizeof(forged) - 1));
	ck_assert(!console_name_is_allowed("a]b", 3));
	ck_assert(!console_name_is_allowed("a b", 3));
	ck_assert(!console_name_is_allowed("a\nb", 3));
	ck_assert(!console_name_is_allowed("a\x01", 2));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("console_line");
	TCase *tc = tcase_create("tags");

	tcase_add_test(tc, test_each_line_tagged);
	tcase_add_test(tc, test_same_source_continues_its_line);
	tcase_add_test(tc, test_other_source_ends_the_open_line);
	tcase_add_test(tc, test_tag_byte_dropped);
	tcase_add_test(tc, test_same_name_other_process_is_another_source);
	tcase_add_test(tc, test_names_a_process_may_have);
	tcase_add_test(tc, test_names_refused);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
