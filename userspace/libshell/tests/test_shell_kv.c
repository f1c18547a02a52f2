/*
 * Host tests of libshell's `kv` sub-parser (shell_kv.h): every form it
 * takes (put with a value of several words, an empty one, blanks kept; get,
 * del, ls with and without a prefix; keys of 1 and SHELL_KV_KEY_MAX bytes)
 * and every form it refuses (no sub-command, an unknown one, a missing key,
 * a key or prefix too long, words after get's, del's or ls's argument, a
 * text too long or not printable), each with its message, and *ret_kv left
 * untouched on failure. Also the whole path: a `kv` line through
 * shell_parse, then its rest through shell_kv_parse.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "shell_cmd.h"
#include "shell_kv.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */

static struct shell_kv kv_ok(const char *s)
{
	struct shell_kv kv;
	struct shell_msg msg = {.len = 99};

	ck_assert_msg(shell_kv_parse(S(s), &kv, &msg) == 0, "'%s' refused: %s", s, msg.text);
	ck_assert_uint_eq(msg.len, 99); /* no message on success */
	ck_assert_uint_eq(strlen(kv.key), kv.key_len);
	ck_assert_uint_eq(strlen(kv.value), kv.value_len);
	return kv;
}

static void kv_bad(const char *s, int code, const char *text)
{
	struct shell_kv kv = {.op = SHELL_KV_DEL, .key_len = 77};
	struct shell_msg msg;

	ck_assert_int_eq(shell_kv_parse(S(s), &kv, &msg), code);
	ck_assert_str_eq(msg.text, text);
	ck_assert_uint_eq(msg.len, strlen(text));
	ck_assert_uint_le(msg.len, SHELL_MSG_MAX);
	/* ret_kv untouched */
	ck_assert_int_eq(kv.op, SHELL_KV_DEL);
	ck_assert_uint_eq(kv.key_len, 77);
	/* the message is optional */
	ck_assert_int_eq(shell_kv_parse(S(s), &kv, NULL), code);
}

START_TEST(test_kv_put)
{
	struct shell_kv kv = kv_ok("put greeting hello world");

	ck_assert_int_eq(kv.op, SHELL_KV_PUT);
	ck_assert_str_eq(kv.key, "greeting");
	ck_assert_str_eq(kv.value, "hello world");
	/* the blanks after the key go; every other blank stays, trailing ones too */
	kv = kv_ok(" put\tk \t  a  b\t c  ");
	ck_assert_str_eq(kv.key, "k");
	ck_assert_str_eq(kv.value, "a  b\t c  ");
	/* the value is raw text: it may look like anything */
	kv = kv_ok("put k get x ls");
	ck_assert_str_eq(kv.value, "get x ls");
	/* an empty value, with or without blanks after the key */
	kv = kv_ok("put k");
	ck_assert_int_eq(kv.op, SHELL_KV_PUT);
	ck_assert_uint_eq(kv.value_len, 0);
	ck_assert_uint_eq(kv_ok("put k   ").value_len, 0);
}
END_TEST

START_TEST(test_kv_get_del_ls)
{
	struct shell_kv kv = kv_ok("get greeting");

	ck_assert_int_eq(kv.op, SHELL_KV_GET);
	ck_assert_str_eq(kv.key, "greeting");
	ck_assert_uint_eq(kv.value_len, 0);
	kv = kv_ok("\tdel  greeting  ");
	ck_assert_int_eq(kv.op, SHELL_KV_DEL);
	ck_assert_str_eq(kv.key, "greeting");
	kv = kv_ok("ls");
	ck_assert_int_eq(kv.op, SHELL_KV_LS);
	ck_assert_uint_eq(kv.key_len, 0);
	kv = kv_ok("ls   ");
	ck_assert_uint_eq(kv.key_len, 0);
	kv = kv_ok("ls gr");
	ck_assert_int_eq(kv.op, SHELL_KV_LS);
	ck_assert_str_eq(kv.key, "gr");
	/* keys are any printable bytes but blanks: statefsd judges them */
	ck_assert_str_eq(kv_ok("get a/b.c=d~").key, "a/b.c=d~");
}
END_TEST

START_TEST(test_kv_key_bounds)
{
	char key[SHELL_KV_KEY_MAX + 2];
	char line[SHELL_LINE_MAX + 1];
	struct shell_kv kv;

	ck_assert_uint_eq(kv_ok("get k").key_len, 1);
	memset(key, 'k', sizeof(key));
	key[SHELL_KV_KEY_MAX] = '\0';
	(void)snprintf(line, sizeof(line), "put %s v", key);
	kv = kv_ok(line);
	ck_assert_uint_eq(kv.key_len, SHELL_KV_KEY_MAX);
	ck_assert_str_eq(kv.value, "v");
	(void)snprintf(line, sizeof(line), "ls %s", key);
	ck_assert_uint_eq(kv_ok(line).key_len, SHELL_KV_KEY_MAX);
	key[SHELL_KV_KEY_MAX] = 'k';
	key[SHELL_KV_KEY_MAX + 1] = '\0';
	(void)snprintf(line, sizeof(line), "put %s v", key);
	kv_bad(line, ERR_TOOLONG, "shell: kv: key is longer than 32 bytes");
	(void)snprintf(line, sizeof(line), "get %s", key);
	kv_bad(line, ERR_TOOLONG, "shell: kv: key is longer than 32 bytes");
	(void)snprintf(line, sizeof(line), "del %s", key);
	kv_bad(line, ERR_TOOLONG, "shell: kv: key is longer than 32 bytes");
	(void)snprintf(line, sizeof(line), "ls %s", key);
	kv_bad(line, ERR_TOOLONG, "shell: kv: prefix is longer than 32 bytes");
}
END_TEST

/* The longest value: a whole line's worth after "put k ". */
START_TEST(test_kv_value_bound)
{
	char value[SHELL_LINE_MAX - 6 + 2];
	char text[SHELL_LINE_MAX + 2];
	struct shell_kv kv;
	struct shell_msg msg;

	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	(void)snprintf(text, sizeof(text), "put k %s", value);
	ck_assert_uint_eq(strlen(text), SHELL_LINE_MAX + 1);
	ck_assert_int_eq(shell_kv_parse(text, SHELL_LINE_MAX, &kv, &msg), 0);
	ck_assert_uint_eq(kv.value_len, SHELL_LINE_MAX - 6);
	ck_assert_int_eq(shell_kv_parse(text, SHELL_LINE_MAX + 1, &kv, &msg), ERR_TOOLONG);
	ck_assert_str_eq(msg.text, "shell: kv: text longer than 320 bytes");
}
END_TEST

START_TEST(test_kv_usage)
{
	kv_bad("", ERR_INVAL,
	       "shell: kv: usage: kv put KEY VALUE | get KEY | del KEY | ls [PREFIX]");
	kv_bad(" \t ", ERR_INVAL,
	       "shell: kv: usage: kv put KEY VALUE | get KEY | del KEY | ls [PREFIX]");
	/* a missing key */
	kv_bad("put", ERR_INVAL, "shell: kv: usage: kv put KEY VALUE");
	kv_bad("get", ERR_INVAL, "shell: kv: usage: kv get KEY");
	kv_bad("del  ", ERR_INVAL, "shell: kv: usage: kv del KEY");
	/* words after the argument */
	kv_bad("get a b", ERR_INVAL, "shell: kv: usage: kv get KEY");
	kv_bad("del a b c", ERR_INVAL, "shell: kv: usage: kv del KEY");
	kv_bad("ls a b", ERR_INVAL, "shell: kv: usage: kv ls [PREFIX]");
}
END_TEST

START_TEST(test_kv_unknown)
{
	char text[SHELL_LINE_MAX];
	struct shell_kv kv;
	struct shell_msg msg;

	kv_bad("set a b", ERR_NOTFOUND, "shell: kv: 'set' is not put, get, del or ls");
	/* names match whole and exactly */
	kv_bad("PUT a b", ERR_NOTFOUND, "shell: kv: 'PUT' is not put, get, del or ls");
	kv_bad("g a", ERR_NOTFOUND, "shell: kv: 'g' is not put, get, del or ls");
	kv_bad("lsx", ERR_NOTFOUND, "shell: kv: 'lsx' is not put, get, del or ls");
	/* the longest unknown name still fits the message whole */
	memset(text, 'q', sizeof(text));
	ck_assert_int_eq(shell_kv_parse(text, sizeof(text), &kv, &msg), ERR_NOTFOUND);
	ck_assert_uint_eq(msg.len,
			  strlen("shell: kv: '' is not put, get, del or ls") + sizeof(text));
	ck_assert_uint_le(msg.len, SHELL_MSG_MAX);
	ck_assert_uint_eq(strlen(msg.text), msg.len);
}
END_TEST

START_TEST(test_kv_bad_text)
{
	struct shell_kv kv;
	struct shell_msg msg;

	kv_bad("put k a\rb", ERR_INVAL, "shell: kv: text has a byte that is not printable");
	kv_bad("get \x80", ERR_INVAL, "shell: kv: text has a byte that is not printable");
	ck_assert_int_eq(shell_kv_parse("get\0k", 5, &kv, &msg), ERR_INVAL);
	ck_assert_int_eq(shell_kv_parse(NULL, 1, &kv, &msg), ERR_INVAL);
	ck_assert_str_eq(msg.text, "shell: kv: no text");
	ck_assert_int_eq(shell_kv_parse(NULL, 0, &kv, &msg), ERR_INVAL);
	ck_assert_str_eq(msg.text,
			 "shell: kv: usage: kv put KEY VALUE | get KEY | del KEY | ls [PREFIX]");
}
END_TEST

/* A typed line, as the shell takes it: shell_parse, then kv's parser on its rest. */
START_TEST(test_kv_through_the_command_table)
{
	struct shell_cmd cmd;
	struct shell_kv kv;
	struct shell_msg msg;

	ck_assert_int_eq(shell_parse(S("kv put greeting hello world"), &cmd, &msg), 0);
	ck_assert_int_eq(cmd.id, SHELL_CMD_KV);
	ck_assert_int_eq(shell_kv_parse(cmd.rest, cmd.rest_len, &kv, &msg), 0);
	ck_assert_int_eq(kv.op, SHELL_KV_PUT);
	ck_assert_str_eq(kv.key, "greeting");
	ck_assert_str_eq(kv.value, "hello world");
	ck_assert_int_eq(shell_parse(S("kv"), &cmd, &msg), 0);
	ck_assert_int_eq(shell_kv_parse(cmd.rest, cmd.rest_len, &kv, &msg), ERR_INVAL);
	ck_assert_int_eq(shell_parse(S("  kv   ls  "), &cmd, &msg), 0);
	ck_assert_int_eq(shell_kv_parse(cmd.rest, cmd.rest_len, &kv, &msg), 0);
	ck_assert_int_eq(kv.op, SHELL_KV_LS);
	ck_assert_uint_eq(kv.key_len, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shell_kv");
	TCase *tc = tcase_create("kv");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_kv_put);
	tcase_add_test(tc, test_kv_get_del_ls);
	tcase_add_test(tc, test_kv_key_bounds);
	tcase_add_test(tc, test_kv_value_bound);
	tcase_add_test(tc, test_kv_usage);
	tcase_add_test(tc, test_kv_unknown);
	tcase_add_test(tc, test_kv_bad_text);
	tcase_add_test(tc, test_kv_through_the_command_table);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
