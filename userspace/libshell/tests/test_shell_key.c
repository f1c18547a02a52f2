/*
 * Host tests of libshell's `key` sub-parser (shell_key.h): every form it
 * takes (pub, rotate, sign with a text of several words and blanks kept,
 * verify with a signature in either case of hex), every form it refuses,
 * each with its message and *ret_key left untouched, and the whole path: a
 * `key` or `rng` line through shell_parse.
 */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "shell_cmd.h"
#include "shell_key.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */

/* 128 hex digits: byte i is i * 3 + 1, written in lower case (upper when `upper`). */
static const char *sig_hex(int upper)
{
	static char hex[129];

	for (int i = 0; i < 64; i++)
		(void)snprintf(hex + (ptrdiff_t)2 * i, 3, upper ? "%02X" : "%02x",
			       (unsigned)(i * 3 + 1) & 0xffu);
	return hex;
}

static struct shell_key key_ok(const char *s)
{
	struct shell_key k;
	struct shell_msg msg = {.len = 99};

	ck_assert_msg(shell_key_parse(S(s), &k, &msg) == 0, "'%s' refused: %s", s, msg.text);
	ck_assert_uint_eq(msg.len, 99); /* no message on success */
	ck_assert_uint_eq(strlen(k.text), k.text_len);
	return k;
}

static void key_bad(const char *s, int code, const char *text)
{
	struct shell_key k = {.op = SHELL_KEY_ROTATE, .text_len = 77};
	struct shell_msg msg;

	ck_assert_int_eq(shell_key_parse(S(s), &k, &msg), code);
	ck_assert_str_eq(msg.text, text);
	ck_assert_uint_eq(msg.len, strlen(text));
	ck_assert_int_eq(k.op, SHELL_KEY_ROTATE); /* untouched */
	ck_assert_uint_eq(k.text_len, 77);
}

START_TEST(test_key_forms)
{
	struct shell_key k = key_ok("pub");
	char line[400];

	ck_assert_int_eq(k.op, SHELL_KEY_PUB);
	ck_assert_int_eq(key_ok("  rotate  ").op, SHELL_KEY_ROTATE);
	k = key_ok("sign hello  big world ");
	ck_assert_int_eq(k.op, SHELL_KEY_SIGN);
	ck_assert_str_eq(k.text, "hello  big world ");
	for (int upper = 0; upper < 2; upper++) {
		(void)snprintf(line, sizeof(line), "verify %s  a text", sig_hex(upper));
		k = key_ok(line);
		ck_assert_int_eq(k.op, SHELL_KEY_VERIFY);
		ck_assert_str_eq(k.text, "a text");
		for (int i = 0; i < 64; i++)
			ck_assert_uint_eq(k.sig[i], (unsigned)(i * 3 + 1) & 0xffu);
	}
}
END_TEST

START_TEST(test_key_text_bound)
{
	char line[256] = "sign ";

	memset(line + 5, 'x', SHELL_KEY_TEXT_MAX);
	ck_assert_uint_eq(key_ok(line).text_len, SHELL_KEY_TEXT_MAX);
	line[5 + SHELL_KEY_TEXT_MAX] = 'y';
	key_bad(line, ERR_TOOLONG, "shell: key: the text is over 176 bytes");
}
END_TEST

START_TEST(test_key_refusals)
{
	char line[400];

	key_bad("", ERR_INVAL, "shell: key: pub, sign TEXT, verify SIG TEXT or rotate?");
	key_bad("  ", ERR_INVAL, "shell: key: pub, sign TEXT, verify SIG TEXT or rotate?");
	key_bad("show", ERR_NOTFOUND,
		"shell: key: no such sub-command (pub, sign, verify, rotate)");
	key_bad("pub x", ERR_INVAL, "shell: key: pub and rotate take nothing more");
	key_bad("rotate now", ERR_INVAL, "shell: key: pub and rotate take nothing more");
	key_bad("sign", ERR_INVAL, "shell: key: which text? (key sign TEXT, key verify SIG TEXT)");
	key_bad("sign   ", ERR_INVAL,
		"shell: key: which text? (key sign TEXT, key verify SIG TEXT)");
	key_bad("verify", ERR_INVAL, "shell: key: which signature? (key verify SIG TEXT)");
	key_bad("verify abcd text", ERR_INVAL, "shell: key: SIG is 128 hex digits");
	(void)snprintf(line, sizeof(line), "verify %s", sig_hex(0));
	key_bad(line, ERR_INVAL, "shell: key: which text? (key sign TEXT, key verify SIG TEXT)");
	(void)snprintf(line, sizeof(line), "verify %sa text", sig_hex(0)); /* 129 digits */
	key_bad(line, ERR_INVAL, "shell: key: SIG is 128 hex digits");
	(void)snprintf(line, sizeof(line), "verify %s text", sig_hex(0));
	line[7 + 100] = 'g'; /* one digit that is not hex */
	key_bad(line, ERR_INVAL, "shell: key: SIG is 128 hex digits");
}
END_TEST

START_TEST(test_key_and_rng_through_the_command_table)
{
	struct shell_cmd cmd;
	struct shell_msg msg;
	struct shell_key k;

	ck_assert_int_eq(shell_parse(S("key sign  two words"), &cmd, &msg), 0);
	ck_assert_int_eq(cmd.id, SHELL_CMD_KEY);
	ck_assert_int_eq(shell_key_parse(cmd.rest, cmd.rest_len, &k, &msg), 0);
	ck_assert_int_eq(k.op, SHELL_KEY_SIGN);
	ck_assert_str_eq(k.text, "two words");
	ck_assert_int_eq(shell_parse(S("rng"), &cmd, &msg), 0);
	ck_assert_int_eq(cmd.id, SHELL_CMD_RNG);
	ck_assert_uint_eq(cmd.count, 32);
	ck_assert_int_eq(shell_parse(S("rng 224"), &cmd, &msg), 0);
	ck_assert_uint_eq(cmd.count, 224);
	ck_assert_int_ne(shell_parse(S("rng 225"), &cmd, &msg), 0);
	ck_assert_int_ne(shell_parse(S("rng 0"), &cmd, &msg), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shell_key");
	TCase *tc = tcase_create("parse");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_key_forms);
	tcase_add_test(tc, test_key_text_bound);
	tcase_add_test(tc, test_key_refusals);
	tcase_add_test(tc, test_key_and_rng_through_the_command_table);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
