/*
 * Host tests of libshell: the line editor byte by byte (printable bytes,
 * backspace and DEL, Ctrl-U, CR, LF and CR LF, ignored bytes, a full line),
 * and the parser and help text from the command table (every command, every
 * bad argument, the number limits, the rest of a line taken raw, the
 * messages and their bounds), and the
 * `caps` lines (kinds, rights, unknown values, labels, the bound).
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "shell_caps.h"
#include "shell_cmd.h"
#include "shell_line.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */

/* Feeds every byte of s; returns how many lines completed; the echo of all of them to echo. */
static int feed_all(struct shell_line *l, const char *s, char *echo, size_t echo_size)
{
	struct shell_echo e;
	size_t used = 0;
	int done = 0;

	for (; *s != '\0'; s++) {
		if (shell_line_feed(l, (uint8_t)*s, &e) == SHELL_LINE_DONE)
			done++;
		ck_assert_uint_le(used + e.len, echo_size - 1);
		memcpy(echo + used, e.bytes, e.len);
		used += e.len;
	}
	echo[used] = '\0';
	return done;
}

static enum shell_line_state feed(struct shell_line *l, uint8_t byte, struct shell_echo *e)
{
	enum shell_line_state st = shell_line_feed(l, byte, e);

	ck_assert_uint_le(e->len, SHELL_ECHO_MAX);
	return st;
}

START_TEST(test_line_printable_and_enter)
{
	struct shell_line l;
	char echo[64];

	shell_line_init(&l);
	ck_assert_int_eq(feed_all(&l, "ps -x", echo, sizeof(echo)), 0);
	ck_assert_str_eq(echo, "ps -x");
	ck_assert_str_eq(l.text, "ps -x");
	ck_assert_uint_eq(l.len, 5);
	ck_assert_int_eq(feed_all(&l, "\r", echo, sizeof(echo)), 1);
	ck_assert_str_eq(echo, "\r\n");
	ck_assert_str_eq(l.text, "ps -x");
	/* the next byte starts a new line */
	ck_assert_int_eq(feed_all(&l, "h", echo, sizeof(echo)), 0);
	ck_assert_str_eq(l.text, "h");
}
END_TEST

START_TEST(test_line_backspace_and_del)
{
	struct shell_line l;
	struct shell_echo e;
	char echo[64];

	shell_line_init(&l);
	feed_all(&l, "logx", echo, sizeof(echo));
	ck_assert_int_eq(feed(&l, 0x7f, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 3);
	ck_assert_mem_eq(e.bytes, "\b \b", 3);
	ck_assert_str_eq(l.text, "log");
	ck_assert_int_eq(feed(&l, 0x08, &e), SHELL_LINE_EDITING);
	ck_assert_mem_eq(e.bytes, "\b \b", 3);
	ck_assert_str_eq(l.text, "lo");
	feed_all(&l, "\b\b", echo, sizeof(echo));
	ck_assert_str_eq(echo, "\b \b\b \b");
	ck_assert_uint_eq(l.len, 0);
	/* at an empty line: nothing to erase, nothing echoed */
	ck_assert_int_eq(feed(&l, 0x08, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 0);
	ck_assert_int_eq(feed(&l, 0x7f, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 0);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_str_eq(l.text, "");
}
END_TEST

START_TEST(test_line_ctrl_u)
{
	struct shell_line l;
	struct shell_echo e;
	char echo[64];

	shell_line_init(&l);
	feed_all(&l, "svc", echo, sizeof(echo));
	ck_assert_int_eq(feed(&l, 0x15, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 9);
	ck_assert_mem_eq(e.bytes, "\b \b\b \b\b \b", 9);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_str_eq(l.text, "");
	ck_assert_int_eq(feed(&l, 0x15, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 0);
	feed_all(&l, "ps\n", echo, sizeof(echo));
	ck_assert_str_eq(l.text, "ps");
}
END_TEST

START_TEST(test_line_ignores_other_bytes)
{
	struct shell_line l;
	struct shell_echo e;
	static const uint8_t ignored[] = {0x00, 0x01, 0x03, 0x07, 0x09, 0x0b,
					  0x0c, 0x1b, 0x1f, 0x80, 0xc3, 0xff};

	shell_line_init(&l);
	feed(&l, 'a', &e);
	for (size_t i = 0; i < sizeof(ignored); i++) {
		ck_assert_int_eq(feed(&l, ignored[i], &e), SHELL_LINE_EDITING);
		ck_assert_uint_eq(e.len, 0);
	}
	ck_assert_str_eq(l.text, "a");
	ck_assert_int_eq(feed(&l, ' ', &e), SHELL_LINE_EDITING);
	ck_assert_int_eq(feed(&l, '~', &e), SHELL_LINE_EDITING);
	ck_assert_str_eq(l.text, "a ~");
}
END_TEST

START_TEST(test_line_cr_lf_mixes)
{
	struct shell_line l;
	struct shell_echo e;
	char echo[64];

	shell_line_init(&l);
	/* CR LF is one line end */
	ck_assert_int_eq(feed_all(&l, "ps\r\n", echo, sizeof(echo)), 1);
	ck_assert_str_eq(echo, "ps\r\n");
	ck_assert_str_eq(l.text, "ps");
	/* LF alone, then CR alone, each end a line */
	ck_assert_int_eq(feed_all(&l, "svc\n", echo, sizeof(echo)), 1);
	ck_assert_str_eq(l.text, "svc");
	ck_assert_int_eq(feed_all(&l, "caps\r", echo, sizeof(echo)), 1);
	ck_assert_str_eq(l.text, "caps");
	/* the LF of that CR ends nothing, echoes nothing and keeps the line */
	ck_assert_int_eq(feed(&l, '\n', &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 0);
	ck_assert_str_eq(l.text, "caps");
	/* LF CR is two line ends; so are CR CR and LF LF */
	ck_assert_int_eq(feed_all(&l, "\n\n", echo, sizeof(echo)), 2);
	ck_assert_int_eq(feed_all(&l, "\n\r", echo, sizeof(echo)), 2);
	ck_assert_int_eq(feed_all(&l, "\r\r", echo, sizeof(echo)), 2);
	ck_assert_str_eq(echo, "\r\n\r\n");
	ck_assert_uint_eq(l.len, 0);
	/* CR, then typing, then LF: the LF ends the new line */
	ck_assert_int_eq(feed_all(&l, "ps\rlog\n", echo, sizeof(echo)), 2);
	ck_assert_str_eq(l.text, "log");
	/* CR LF LF: one line, then an empty one */
	ck_assert_int_eq(feed_all(&l, "help\r\n\n", echo, sizeof(echo)), 2);
	ck_assert_uint_eq(l.len, 0);
	/* a CR, an ignored byte, an LF: not a pair any more */
	ck_assert_int_eq(feed_all(&l, "\r\x01\n", echo, sizeof(echo)), 2);
}
END_TEST

START_TEST(test_line_overlong)
{
	struct shell_line l;
	struct shell_echo e;

	shell_line_init(&l);
	for (uint32_t i = 0; i < SHELL_LINE_MAX; i++) {
		ck_assert_int_eq(feed(&l, (uint8_t)('a' + i % 26), &e), SHELL_LINE_EDITING);
		ck_assert_uint_eq(e.len, 1);
	}
	ck_assert_uint_eq(l.len, SHELL_LINE_MAX);
	ck_assert(!l.cut);
	/* full: dropped, with a bell, and the line marked cut */
	ck_assert_int_eq(feed(&l, 'z', &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, 1);
	ck_assert_int_eq(e.bytes[0], '\a');
	ck_assert(l.cut);
	ck_assert_uint_eq(l.len, SHELL_LINE_MAX);
	ck_assert_uint_eq(strlen(l.text), SHELL_LINE_MAX);
	ck_assert_int_eq(l.text[SHELL_LINE_MAX - 1], 'a' + (SHELL_LINE_MAX - 1) % 26);
	/* room again after a backspace */
	feed(&l, 0x7f, &e);
	ck_assert_int_eq(feed(&l, 'z', &e), SHELL_LINE_EDITING);
	ck_assert_int_eq(e.bytes[0], 'z');
	/* Ctrl-U on a full line is the largest echo */
	ck_assert_int_eq(feed(&l, 0x15, &e), SHELL_LINE_EDITING);
	ck_assert_uint_eq(e.len, SHELL_ECHO_MAX);
	ck_assert_uint_eq(l.len, 0);
	ck_assert(!l.cut); /* erased whole: what is typed next is the line */
	ck_assert_int_eq(feed(&l, '\r', &e), SHELL_LINE_DONE);
	ck_assert_uint_eq(l.len, 0);
	/* a line ended while cut stays marked; the next one starts whole */
	for (uint32_t i = 0; i <= SHELL_LINE_MAX; i++)
		(void)feed(&l, 'x', &e);
	ck_assert_int_eq(feed(&l, '\r', &e), SHELL_LINE_DONE);
	ck_assert(l.cut);
	ck_assert_int_eq(feed(&l, 'y', &e), SHELL_LINE_EDITING);
	ck_assert(!l.cut);
}
END_TEST

/* Parses s, expecting success; returns the command. */
static struct shell_cmd parse_ok(const char *s)
{
	struct shell_cmd cmd;
	struct shell_msg msg = {.len = 99};

	ck_assert_msg(shell_parse(S(s), &cmd, &msg) == 0, "'%s' refused: %s", s, msg.text);
	ck_assert_uint_eq(msg.len, 99); /* no message on success */
	return cmd;
}

/* Parses s, expecting the error code and the message. */
static void parse_bad(const char *s, int code, const char *text)
{
	struct shell_cmd cmd = {.id = SHELL_CMD_SHUTDOWN, .count = 77};
	struct shell_msg msg;

	ck_assert_int_eq(shell_parse(S(s), &cmd, &msg), code);
	ck_assert_str_eq(msg.text, text);
	ck_assert_uint_eq(msg.len, strlen(text));
	/* ret_cmd untouched */
	ck_assert_int_eq(cmd.id, SHELL_CMD_SHUTDOWN);
	ck_assert_uint_eq(cmd.count, 77);
	/* the message is optional */
	ck_assert_int_eq(shell_parse(S(s), &cmd, NULL), code);
}

START_TEST(test_parse_plain_commands)
{
	ck_assert_int_eq(parse_ok("help").id, SHELL_CMD_HELP);
	ck_assert_int_eq(parse_ok("ps").id, SHELL_CMD_PS);
	ck_assert_int_eq(parse_ok("svc").id, SHELL_CMD_SVC);
	ck_assert_int_eq(parse_ok("caps").id, SHELL_CMD_CAPS);
	ck_assert_int_eq(parse_ok("disk").id, SHELL_CMD_DISK);
	ck_assert_int_eq(parse_ok("date").id, SHELL_CMD_DATE);
	ck_assert_uint_eq(parse_ok("disk").rest_len, 0);
	ck_assert_int_eq(parse_ok("shutdown").id, SHELL_CMD_SHUTDOWN);
	ck_assert_int_eq(parse_ok("run lua").id, SHELL_CMD_RUN);
	ck_assert_str_eq(parse_ok("run  lua -v &").rest, "lua -v &");
	ck_assert_int_eq(parse_ok("  \tps\t  ").id, SHELL_CMD_PS);
	ck_assert_uint_eq(parse_ok("ps").count, 0);
	ck_assert_uint_eq(parse_ok("ps").nwords, 0);
}
END_TEST

START_TEST(test_parse_empty_lines)
{
	struct shell_cmd cmd = {.id = SHELL_CMD_PS};

	ck_assert_int_eq(parse_ok("").id, SHELL_CMD_NONE);
	ck_assert_int_eq(parse_ok("   ").id, SHELL_CMD_NONE);
	ck_assert_int_eq(parse_ok("\t \t").id, SHELL_CMD_NONE);
	ck_assert_int_eq(shell_parse(NULL, 0, &cmd, NULL), 0);
	ck_assert_int_eq(cmd.id, SHELL_CMD_NONE);
}
END_TEST

START_TEST(test_parse_log)
{
	ck_assert_int_eq(parse_ok("log").id, SHELL_CMD_LOG);
	ck_assert_uint_eq(parse_ok("log").count, 16);
	ck_assert_uint_eq(parse_ok("log 1").count, 1);
	ck_assert_uint_eq(parse_ok("log 64").count, 64);
	ck_assert_uint_eq(parse_ok("log  007 ").count, 7);
	parse_bad("log 0", ERR_RANGE, "shell: log: N must be 1..64");
	parse_bad("log 65", ERR_RANGE, "shell: log: N must be 1..64");
	parse_bad("log 99999999999999999999999", ERR_RANGE, "shell: log: N must be 1..64");
	parse_bad("log -1", ERR_INVAL, "shell: log: N must be 1..64");
	parse_bad("log +5", ERR_INVAL, "shell: log: N must be 1..64");
	parse_bad("log 0x10", ERR_INVAL, "shell: log: N must be 1..64");
	parse_bad("log ten", ERR_INVAL, "shell: log: N must be 1..64");
	parse_bad("log 1 2", ERR_INVAL, "shell: log: usage: log [N]");
}
END_TEST

START_TEST(test_parse_bench)
{
	ck_assert_int_eq(parse_ok("bench").id, SHELL_CMD_BENCH);
	ck_assert_uint_eq(parse_ok("bench").count, 1000);
	ck_assert_uint_eq(parse_ok("bench 1").count, 1);
	ck_assert_uint_eq(parse_ok("bench 100000").count, 100000);
	parse_bad("bench 0", ERR_RANGE, "shell: bench: N must be 1..100000");
	parse_bad("bench 100001", ERR_RANGE, "shell: bench: N must be 1..100000");
	parse_bad("bench 4294967296", ERR_RANGE, "shell: bench: N must be 1..100000");
	parse_bad("bench 1e3", ERR_INVAL, "shell: bench: N must be 1..100000");
	parse_bad("bench 10 20", ERR_INVAL, "shell: bench: usage: bench [N]");
}
END_TEST

START_TEST(test_parse_policy)
{
	struct shell_cmd cmd = parse_ok("policy shell lookup logd");
	char long_word[SHELL_WORD_MAX + 2];
	char line[128];

	ck_assert_int_eq(cmd.id, SHELL_CMD_POLICY);
	ck_assert_uint_eq(cmd.nwords, 3);
	ck_assert_str_eq(cmd.words[0], "shell");
	ck_assert_str_eq(cmd.words[1], "lookup");
	ck_assert_str_eq(cmd.words[2], "logd");
	ck_assert_uint_eq(cmd.count, 0);
	/* words are only bounded here: policyd judges them */
	cmd = parse_ok("policy\t* list  *");
	ck_assert_str_eq(cmd.words[0], "*");
	ck_assert_str_eq(cmd.words[2], "*");
	cmd = parse_ok("policy shell lookup uart");
	ck_assert_uint_eq(cmd.nwords, 3);
	ck_assert_str_eq(cmd.words[2], "uart");
	ck_assert_uint_eq(cmd.count, 0);
	/* no fourth word: not a verdict, not N */
	parse_bad("policy shell lookup uart allow", ERR_INVAL,
		  "shell: policy: usage: policy <subject> <action> <object>");
	parse_bad("policy a b c 17", ERR_INVAL,
		  "shell: policy: usage: policy <subject> <action> <object>");
	parse_bad("policy", ERR_INVAL, "shell: policy: usage: policy <subject> <action> <object>");
	parse_bad("policy a b", ERR_INVAL,
		  "shell: policy: usage: policy <subject> <action> <object>");
	parse_bad("policy a b c d e", ERR_INVAL,
		  "shell: policy: usage: policy <subject> <action> <object>");
	parse_bad("policy a b c d e f", ERR_INVAL,
		  "shell: policy: usage: policy <subject> <action> <object>");
	/* SHELL_WORD_MAX bytes fit; one more does not */
	memset(long_word, 'w', SHELL_WORD_MAX);
	long_word[SHELL_WORD_MAX] = '\0';
	(void)snprintf(line, sizeof(line), "policy a b %s", long_word);
	cmd = parse_ok(line);
	ck_assert_uint_eq(strlen(cmd.words[2]), SHELL_WORD_MAX);
	long_word[SHELL_WORD_MAX] = 'w';
	long_word[SHELL_WORD_MAX + 1] = '\0';
	(void)snprintf(line, sizeof(line), "policy %s b c", long_word);
	parse_bad(line, ERR_TOOLONG, "shell: policy: subject is longer than 31 bytes");
	(void)snprintf(line, sizeof(line), "policy a %s c", long_word);
	parse_bad(line, ERR_TOOLONG, "shell: policy: action is longer than 31 bytes");
	(void)snprintf(line, sizeof(line), "policy a b %s", long_word);
	parse_bad(line, ERR_TOOLONG, "shell: policy: object is longer than 31 bytes");
}
END_TEST

START_TEST(test_parse_crash)
{
	struct shell_cmd cmd = parse_ok("crash uartd");

	ck_assert_int_eq(cmd.id, SHELL_CMD_CRASH);
	ck_assert_uint_eq(cmd.nwords, 1);
	ck_assert_str_eq(cmd.words[0], "uartd");
	parse_bad("crash", ERR_INVAL, "shell: crash: usage: crash <name>");
	parse_bad("crash a b", ERR_INVAL, "shell: crash: usage: crash <name>");
	parse_bad("crash 12345678901234567890123456789012", ERR_TOOLONG,
		  "shell: crash: name is longer than 31 bytes");
}
END_TEST

/* kv takes the rest of its line raw: from its first non-blank to the end, blanks kept. */
START_TEST(test_parse_rest)
{
	char line[SHELL_LINE_MAX + 1];
	struct shell_cmd cmd = parse_ok("kv put greeting hello world");

	ck_assert_int_eq(cmd.id, SHELL_CMD_KV);
	ck_assert_str_eq(cmd.rest, "put greeting hello world");
	ck_assert_uint_eq(cmd.rest_len, strlen(cmd.rest));
	ck_assert_uint_eq(cmd.nwords, 0);
	ck_assert_uint_eq(cmd.count, 0);
	cmd = parse_ok("  kv\t  put k  a \t b  ");
	ck_assert_str_eq(cmd.rest, "put k  a \t b  ");
	ck_assert_uint_eq(cmd.rest_len, strlen("put k  a \t b  "));
	/* no rest at all, or only blanks: empty, for kv's own parser to refuse */
	cmd = parse_ok("kv");
	ck_assert_int_eq(cmd.id, SHELL_CMD_KV);
	ck_assert_uint_eq(cmd.rest_len, 0);
	ck_assert_str_eq(cmd.rest, "");
	ck_assert_uint_eq(parse_ok("kv   \t ").rest_len, 0);
	/* any number of words: more than SHELL_WORDS_MAX + 2 */
	cmd = parse_ok("kv a b c d e f g h");
	ck_assert_str_eq(cmd.rest, "a b c d e f g h");
	/* a whole line: its rest is all but "kv " */
	memset(line, 'x', sizeof(line));
	memcpy(line, "kv ", 3);
	line[SHELL_LINE_MAX] = '\0';
	cmd = parse_ok(line);
	ck_assert_uint_eq(cmd.rest_len, SHELL_LINE_MAX - 3);
	ck_assert_str_eq(cmd.rest, line + 3);
	/* commands without a rest leave it empty */
	ck_assert_uint_eq(parse_ok("policy a b c").rest_len, 0);
	ck_assert_str_eq(parse_ok("log 3").rest, "");
	/* the rest is not a word: a name that only starts with kv is unknown */
	parse_bad("kvput a b", ERR_NOTFOUND, "shell: unknown command 'kvput' (try help)");
}
END_TEST

START_TEST(test_parse_no_argument_commands)
{
	parse_bad("help me", ERR_INVAL, "shell: help: usage: help");
	parse_bad("ps 1", ERR_INVAL, "shell: ps: usage: ps");
	parse_bad("svc x", ERR_INVAL, "shell: svc: usage: svc");
	parse_bad("caps x y", ERR_INVAL, "shell: caps: usage: caps");
	parse_bad("disk now", ERR_INVAL, "shell: disk: usage: disk");
	parse_bad("shutdown now", ERR_INVAL, "shell: shutdown: usage: shutdown");
}
END_TEST

START_TEST(test_parse_unknown)
{
	char line[SHELL_LINE_MAX + 1];
	struct shell_msg msg;
	struct shell_cmd cmd;

	parse_bad("foo", ERR_NOTFOUND, "shell: unknown command 'foo' (try help)");
	parse_bad("  foo bar", ERR_NOTFOUND, "shell: unknown command 'foo' (try help)");
	/* names match whole and exactly */
	parse_bad("p", ERR_NOTFOUND, "shell: unknown command 'p' (try help)");
	parse_bad("pss", ERR_NOTFOUND, "shell: unknown command 'pss' (try help)");
	parse_bad("PS", ERR_NOTFOUND, "shell: unknown command 'PS' (try help)");
	parse_bad("helpx", ERR_NOTFOUND, "shell: unknown command 'helpx' (try help)");
	/* the longest unknown name still fits the message whole */
	memset(line, 'q', SHELL_LINE_MAX);
	ck_assert_int_eq(shell_parse(line, SHELL_LINE_MAX, &cmd, &msg), ERR_NOTFOUND);
	ck_assert_uint_le(msg.len, SHELL_MSG_MAX);
	ck_assert_uint_eq(msg.len, strlen("shell: unknown command '' (try help)") + SHELL_LINE_MAX);
	ck_assert_uint_eq(strlen(msg.text), msg.len);
	ck_assert_str_eq(msg.text + msg.len - 12, "' (try help)");
}
END_TEST

START_TEST(test_parse_bad_lines)
{
	char line[SHELL_LINE_MAX + 2];
	struct shell_cmd cmd = {.id = SHELL_CMD_PS};
	struct shell_msg msg;

	parse_bad("ps\r", ERR_INVAL, "shell: line has a byte that is not printable");
	parse_bad("log \x1b[A", ERR_INVAL, "shell: line has a byte that is not printable");
	parse_bad("svc\x80", ERR_INVAL, "shell: line has a byte that is not printable");
	ck_assert_int_eq(shell_parse("p\0s", 3, &cmd, &msg), ERR_INVAL);
	ck_assert_int_eq(shell_parse(NULL, 1, &cmd, &msg), ERR_INVAL);
	ck_assert_str_eq(msg.text, "shell: no line");
	/* a whole editor line is fine; one byte more is not */
	memset(line, ' ', sizeof(line));
	line[0] = 'p';
	line[1] = 's';
	ck_assert_int_eq(shell_parse(line, SHELL_LINE_MAX, &cmd, &msg), 0);
	ck_assert_int_eq(shell_parse(line, SHELL_LINE_MAX + 1, &cmd, &msg), ERR_TOOLONG);
	ck_assert_str_eq(msg.text, "shell: line longer than 320 bytes");
	ck_assert_int_eq(cmd.id, SHELL_CMD_PS);
}
END_TEST

START_TEST(test_help_text)
{
	/* NOLINTBEGIN(bugprone-suspicious-missing-comma): long lines are split on purpose */
	static const char *const expected[] = {
		"help                                list the commands",
		"ps                                  list the processes",
		"run NAME [ARGS...] [&]              start a program of the boot image",
		"svc                                 list the registered services",
		"log [N]                             show the last N journal lines (N 1..64, "
		"default 16)",
		"caps                                list the shell's handles",
		"policy <subject> <action> <object>  ask policyd for a decision",
		"bench [N]                           time N IPC round trips (N 1..100000, default "
		"1000)",
		"crash <name>                        kill a service; init restarts it",
		"uptime                              time since reset; the harts' busy time",
		"date                                the time of day from rtcd, in UTC",
		"disk                                the disk: its size, mode and requests",
		"kv put|get|del|ls ...               the shell's keys and values on disk",
		"rng [N]                             N random bytes from rngd, in hex (N 1..224, "
		"default 32)",
		"key pub|sign|verify|rotate ...      the device key",
		"shutdown                            stop the system",
	};
	/* NOLINTEND(bugprone-suspicious-missing-comma) */
	char buf[SHELL_HELP_LINE_MAX + 1];
	size_t len;
	unsigned n = sizeof(expected) / sizeof(expected[0]);

	for (unsigned i = 0; i < n; i++) {
		ck_assert_int_eq(shell_help_line(i, buf, sizeof(buf), &len), 0);
		ck_assert_str_eq(buf, expected[i]);
		ck_assert_uint_eq(len, strlen(expected[i]));
		ck_assert_uint_le(len, SHELL_HELP_LINE_MAX);
	}
	ck_assert_int_eq(shell_help_line(n, buf, sizeof(buf), &len), ERR_NOTFOUND);
}
END_TEST

/* Every command the help names parses with no arguments or its own usage. */
START_TEST(test_help_and_parser_agree)
{
	char buf[SHELL_HELP_LINE_MAX + 1];
	size_t len;
	struct shell_cmd cmd;
	struct shell_msg msg;
	unsigned i;

	for (i = 0; shell_help_line(i, buf, sizeof(buf), &len) == 0; i++) {
		/* the usage is the help line up to two spaces */
		char *end = strstr(buf, "  ");
		int rc;

		ck_assert_ptr_nonnull(end);
		*end = '\0';
		rc = shell_parse(buf, strlen(buf), &cmd, &msg);
		/* "<word>" and "[word]" arguments parse as words; "[N]" is refused as a number */
		if (strstr(buf, "[N]") != NULL)
			ck_assert_int_eq(rc, ERR_INVAL);
		else
			ck_assert_int_eq(rc, 0);
		if (strchr(buf, ' ') != NULL)
			*strchr(buf, ' ') = '\0';
		ck_assert_int_ne(shell_parse(buf, strlen(buf), &cmd, &msg), ERR_NOTFOUND);
	}
	ck_assert_uint_eq(i, SHELL_CMD_SHUTDOWN);
}
END_TEST

START_TEST(test_help_short_buffer)
{
	char buf[8] = "keep";
	size_t len = 5;

	ck_assert_int_eq(shell_help_line(0, buf, sizeof(buf), &len), ERR_NOSPC);
	ck_assert_str_eq(buf, "keep");
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(shell_help_line(0, NULL, 0, &len), ERR_NOSPC);
}
END_TEST

START_TEST(test_caps_lines)
{
	char buf[SHELL_CAPS_LINE_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(shell_caps_line("registry", 0x20005, KIND_ENDPOINT, RIGHT_SEND, buf,
					 sizeof(buf), &len),
			 0);
	ck_assert_str_eq(buf, "registry      0x00020005  endpoint      send");
	ck_assert_uint_eq(len, strlen(buf));
	ck_assert_int_eq(shell_caps_line("input", 7, KIND_NOTIFICATION,
					 RIGHT_WAIT | RIGHT_SIGNAL | RIGHT_DUP, buf, sizeof(buf),
					 &len),
			 0);
	ck_assert_str_eq(buf, "input         0x00000007  notification  dup,wait,signal");
	ck_assert_int_eq(shell_caps_line("x", 0xffffffffu, KIND_NONE, 0, buf, sizeof(buf), &len),
			 0);
	ck_assert_str_eq(buf, "x             0xffffffff  none          -");
}
END_TEST

START_TEST(test_caps_unknown_values)
{
	char buf[SHELL_CAPS_LINE_MAX + 1];
	size_t len = 0;

	ck_assert_ptr_null(shell_caps_kind_name(KIND_INTERRUPT + 1));
	ck_assert_str_eq(shell_caps_kind_name(KIND_INTERRUPT), "interrupt");
	ck_assert_int_eq(
		shell_caps_line("odd", 1, 99, RIGHT_MINT | (1u << 20), buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "odd           0x00000001  kind-99       mint,?");
	ck_assert_int_eq(shell_caps_line("odd", 1, KIND_VMO, 1u << 31, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "odd           0x00000001  vmo           ?");
}
END_TEST

/* The longest line: longest label, unknown kind with the most digits, every bit set. */
START_TEST(test_caps_bound)
{
	char buf[SHELL_CAPS_LINE_MAX + 2];
	char small[SHELL_CAPS_LINE_MAX];
	size_t len = 0;

	ck_assert_int_eq(shell_caps_line("supervisor12", 0xffffffffu, 0xffffffffu, 0xffffffffu, buf,
					 sizeof(buf), &len),
			 0);
	ck_assert_uint_eq(len, SHELL_CAPS_LINE_MAX);
	ck_assert_ptr_nonnull(strstr(buf, "kind-4294967295 dup,transfer,"));
	ck_assert_ptr_nonnull(strstr(buf, ",mint,signal,dma,?"));
	memset(small, 'z', sizeof(small));
	ck_assert_int_eq(shell_caps_line("supervisor12", 0xffffffffu, 0xffffffffu, 0xffffffffu,
					 small, sizeof(small), &len),
			 ERR_NOSPC);
	ck_assert_int_eq(small[0], 'z');
	ck_assert_int_eq(shell_caps_line("x", 1, KIND_VMO, 0, NULL, 0, &len), ERR_NOSPC);
}
END_TEST

START_TEST(test_caps_bad_labels)
{
	char buf[SHELL_CAPS_LINE_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(shell_caps_line("", 1, KIND_VMO, 0, buf, sizeof(buf), &len), ERR_INVAL);
	ck_assert_int_eq(shell_caps_line(NULL, 1, KIND_VMO, 0, buf, sizeof(buf), &len), ERR_INVAL);
	ck_assert_int_eq(shell_caps_line("thirteen-long", 1, KIND_VMO, 0, buf, sizeof(buf), &len),
			 ERR_INVAL);
	ck_assert_int_eq(shell_caps_line("tab\there", 1, KIND_VMO, 0, buf, sizeof(buf), &len),
			 ERR_INVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shell");
	TCase *line = tcase_create("line");
	TCase *cmd = tcase_create("cmd");
	TCase *caps = tcase_create("caps");
	SRunner *sr;
	int failed;

	tcase_add_test(line, test_line_printable_and_enter);
	tcase_add_test(line, test_line_backspace_and_del);
	tcase_add_test(line, test_line_ctrl_u);
	tcase_add_test(line, test_line_ignores_other_bytes);
	tcase_add_test(line, test_line_cr_lf_mixes);
	tcase_add_test(line, test_line_overlong);
	tcase_add_test(cmd, test_parse_plain_commands);
	tcase_add_test(cmd, test_parse_empty_lines);
	tcase_add_test(cmd, test_parse_log);
	tcase_add_test(cmd, test_parse_bench);
	tcase_add_test(cmd, test_parse_policy);
	tcase_add_test(cmd, test_parse_crash);
	tcase_add_test(cmd, test_parse_rest);
	tcase_add_test(cmd, test_parse_no_argument_commands);
	tcase_add_test(cmd, test_parse_unknown);
	tcase_add_test(cmd, test_parse_bad_lines);
	tcase_add_test(cmd, test_help_text);
	tcase_add_test(cmd, test_help_and_parser_agree);
	tcase_add_test(cmd, test_help_short_buffer);
	suite_add_tcase(s, line);
	tcase_add_test(caps, test_caps_lines);
	tcase_add_test(caps, test_caps_unknown_values);
	tcase_add_test(caps, test_caps_bound);
	tcase_add_test(caps, test_caps_bad_labels);
	suite_add_tcase(s, cmd);
	suite_add_tcase(s, caps);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
