/*
 * Host tests of libshell's `run` sub-parser (shell_run.h) and the table of
 * the shell's programs (shell_jobs.h).
 *
 * run: NAME alone and with arguments, blanks of every kind between words,
 * a trailing `&` as a word and as the last byte, the 64-word bound exactly
 * and one past it, a whole line of words, and every refusal (no NAME, a lone
 * `&`, a NAME that breaks the name rule or is too long, a text too long),
 * each with its message and *ret_run left untouched; and the whole path from
 * a typed line through shell_parse. The word splitter shared with the
 * command table (shell_words.h) on its own.
 *
 * jobs: adding, ending and listing in start order, a full table of running
 * programs refused and an ended one's slot reused oldest first, bad input;
 * every status's words (each exit code, killed, every fault cause, a lost
 * wait, a value process_wait never gives) within their bound; the end line
 * (none for a foreground exit 0) and ps's row; short buffers untouched.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "shell_cmd.h"
#include "shell_jobs.h"
#include "shell_run.h"
#include "shell_words.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */

/* ---- words ---- */

START_TEST(test_words_split)
{
	struct shell_word w[3];

	ck_assert_uint_eq(shell_words_split(S(""), w, 3), 0);
	ck_assert_uint_eq(shell_words_split(NULL, 0, w, 3), 0);
	ck_assert_uint_eq(shell_words_split(S(" \t "), w, 3), 0);
	ck_assert_uint_eq(shell_words_split(S("\tab  c\t"), w, 3), 2);
	ck_assert_uint_eq(w[0].len, 2);
	ck_assert_int_eq(memcmp(w[0].s, "ab", 2), 0);
	ck_assert(shell_word_is(&w[1], "c"));
	ck_assert(!shell_word_is(&w[1], "cc"));
	ck_assert(!shell_word_is(&w[0], "a"));
	/* more words than kept: all are counted, the first max kept */
	ck_assert_uint_eq(shell_words_split(S("a b c d e"), w, 3), 5);
	ck_assert(shell_word_is(&w[2], "c"));
	ck_assert_uint_eq(shell_words_split(S("a b"), w, 0), 2);
}
END_TEST

/* ---- run ---- */

/* Appends s to the line of cap bytes, which must hold it. */
static void append(char *line, size_t cap, const char *s)
{
	size_t at = strlen(line);

	ck_assert_uint_lt(at + strlen(s), cap);
	memcpy(line + at, s, strlen(s) + 1);
}

static void run_ok(const char *s, struct shell_run *r)
{
	struct shell_msg msg = {.len = 99};

	ck_assert_msg(shell_run_parse(S(s), r, &msg) == 0, "'%s' refused: %s", s, msg.text);
	ck_assert_uint_eq(msg.len, 99); /* no message on success */
	ck_assert_ptr_null(r->argv[r->argc]);
}

static void run_bad(const char *s, size_t len, int code, const char *text)
{
	struct shell_run r = {.argc = 77, .background = true};
	struct shell_msg msg;

	ck_assert_int_eq(shell_run_parse(s, len, &r, &msg), code);
	ck_assert_str_eq(msg.text, text);
	ck_assert_uint_eq(msg.len, strlen(text));
	ck_assert_uint_le(msg.len, SHELL_MSG_MAX);
	/* ret_run untouched */
	ck_assert_uint_eq(r.argc, 77);
	ck_assert(r.background);
	ck_assert_ptr_null(r.argv[0]);
	/* the message is optional */
	ck_assert_int_eq(shell_run_parse(s, len, &r, NULL), code);
}

START_TEST(test_run_name_and_arguments)
{
	static struct shell_run r;

	run_ok("lua", &r);
	ck_assert_uint_eq(r.argc, 1);
	ck_assert_str_eq(r.argv[0], "lua");
	ck_assert(!r.background);
	run_ok("  runprobe\thello  world \t", &r);
	ck_assert_uint_eq(r.argc, 3);
	ck_assert_str_eq(r.argv[0], "runprobe");
	ck_assert_str_eq(r.argv[1], "hello");
	ck_assert_str_eq(r.argv[2], "world");
	ck_assert(!r.background);
	/* arguments are any printable bytes but blanks, kept as typed */
	run_ok("lua -e print(1+1) Foo.LUA & x&y", &r);
	ck_assert_uint_eq(r.argc, 6);
	ck_assert_str_eq(r.argv[2], "print(1+1)");
	ck_assert_str_eq(r.argv[3], "Foo.LUA");
	ck_assert_str_eq(r.argv[4], "&"); /* not the last word: an argument */
	ck_assert_str_eq(r.argv[5], "x&y");
	ck_assert(!r.background);
	/* the strings lie one after the other in text */
	ck_assert_ptr_eq(r.argv[0], r.text);
	ck_assert_ptr_eq(r.argv[1], r.text + 4);
}
END_TEST

START_TEST(test_run_background)
{
	static struct shell_run r;

	run_ok("runprobe sleep 500 &", &r);
	ck_assert(r.background);
	ck_assert_uint_eq(r.argc, 3);
	ck_assert_str_eq(r.argv[2], "500");
	run_ok("runprobe sleep 500&", &r);
	ck_assert(r.background);
	ck_assert_uint_eq(r.argc, 3);
	ck_assert_str_eq(r.argv[2], "500");
	run_ok("lua&", &r);
	ck_assert(r.background);
	ck_assert_uint_eq(r.argc, 1);
	ck_assert_str_eq(r.argv[0], "lua");
	run_ok("lua \t&\t ", &r);
	ck_assert(r.background);
	ck_assert_uint_eq(r.argc, 1);
	/* one `&` is taken: a second is the last argument */
	run_ok("lua a&&", &r);
	ck_assert(r.background);
	ck_assert_str_eq(r.argv[1], "a&");
}
END_TEST

START_TEST(test_run_word_bound)
{
	static struct shell_run r;
	char line[SHELL_LINE_MAX + 1] = "p";

	/* NAME and 63 arguments: the start block's 64 */
	for (unsigned i = 1; i < SHELL_RUN_ARGS_MAX; i++)
		append(line, sizeof(line), " a");
	run_ok(line, &r);
	ck_assert_uint_eq(r.argc, SHELL_RUN_ARGS_MAX);
	ck_assert_str_eq(r.argv[SHELL_RUN_ARGS_MAX - 1], "a");
	/* a trailing & is not a word */
	append(line, sizeof(line), " &");
	run_ok(line, &r);
	ck_assert_uint_eq(r.argc, SHELL_RUN_ARGS_MAX);
	ck_assert(r.background);
	line[strlen(line) - 1] = 'a';
	run_bad(S(line), ERR_RANGE,
		"shell: run: more than 64 words: NAME and at most 63 arguments");
	append(line, sizeof(line), " b c");
	run_bad(S(line), ERR_RANGE,
		"shell: run: more than 64 words: NAME and at most 63 arguments");
}
END_TEST

/* A whole line of words: the most text a run can take, every byte of it kept. */
START_TEST(test_run_whole_line)
{
	static struct shell_run r;
	char line[SHELL_LINE_MAX + 1];
	size_t used = 0;

	memset(line, 'x', SHELL_LINE_MAX);
	line[SHELL_LINE_MAX] = '\0';
	line[0] = 'p';
	for (unsigned i = 1; i < SHELL_RUN_ARGS_MAX; i++)
		line[(size_t)i * 5] = ' ';
	run_ok(line, &r);
	ck_assert_uint_eq(r.argc, SHELL_RUN_ARGS_MAX);
	for (uint32_t i = 0; i < r.argc; i++)
		used += strlen(r.argv[i]) + 1;
	/* single blanks between words: the words and their NULs are the line and one byte */
	ck_assert_uint_eq(used, SHELL_LINE_MAX + 1);
	ck_assert_uint_eq(used, SHELL_RUN_TEXT_MAX);
	ck_assert_str_eq(r.argv[0], "pxxxx");
	ck_assert_str_eq(r.argv[SHELL_RUN_ARGS_MAX - 1], "xxxx");
	/* one word of a whole line: too long for a name */
	line[0] = 'p';
	for (unsigned i = 1; i < SHELL_RUN_ARGS_MAX; i++)
		line[(size_t)i * 5] = 'x';
	run_bad(S(line), ERR_TOOLONG, "shell: run: program name longer than 31 bytes");
	run_bad(line, SHELL_LINE_MAX + 1, ERR_TOOLONG, "shell: run: text longer than 320 bytes");
}
END_TEST

START_TEST(test_run_refusals)
{
	char name[SHELL_RUN_NAME_MAX + 2];
	static struct shell_run r;

	run_bad(S(""), ERR_INVAL, "shell: run: usage: run NAME [ARGS...] [&]");
	run_bad(S("  \t "), ERR_INVAL, "shell: run: usage: run NAME [ARGS...] [&]");
	run_bad(S("&"), ERR_INVAL, "shell: run: usage: run NAME [ARGS...] [&]");
	run_bad(S(" & "), ERR_INVAL, "shell: run: usage: run NAME [ARGS...] [&]");
	run_bad(NULL, 3, ERR_INVAL, "shell: run: no text");
	run_bad(S("Lua"), ERR_INVAL, "shell: run: 'Lua' is not a program name");
	run_bad(S("lua5.4 x"), ERR_INVAL, "shell: run: 'lua5.4' is not a program name");
	run_bad(S("9lives"), ERR_INVAL, "shell: run: '9lives' is not a program name");
	run_bad(S("./lua"), ERR_INVAL, "shell: run: './lua' is not a program name");
	run_bad(S("&lua"), ERR_INVAL, "shell: run: '&lua' is not a program name");
	/* the longest name, then one byte more */
	memset(name, 'n', sizeof(name));
	name[SHELL_RUN_NAME_MAX] = '\0';
	run_ok(name, &r);
	ck_assert_uint_eq(strlen(r.argv[0]), SHELL_RUN_NAME_MAX);
	name[SHELL_RUN_NAME_MAX] = 'n';
	name[SHELL_RUN_NAME_MAX + 1] = '\0';
	run_bad(S(name), ERR_TOOLONG, "shell: run: program name longer than 31 bytes");
}
END_TEST

START_TEST(test_run_through_the_command_table)
{
	static struct shell_run r;
	struct shell_cmd cmd;
	struct shell_msg msg;

	ck_assert_int_eq(shell_parse(S("run runprobe one two &"), &cmd, &msg), 0);
	ck_assert_int_eq(cmd.id, SHELL_CMD_RUN);
	ck_assert_int_eq(shell_run_parse(cmd.rest, cmd.rest_len, &r, &msg), 0);
	ck_assert_uint_eq(r.argc, 3);
	ck_assert_str_eq(r.argv[2], "two");
	ck_assert(r.background);
	ck_assert_int_eq(shell_parse(S("run"), &cmd, &msg), 0);
	ck_assert_int_eq(shell_run_parse(cmd.rest, cmd.rest_len, &r, &msg), ERR_INVAL);
	ck_assert_str_eq(msg.text, "shell: run: usage: run NAME [ARGS...] [&]");
	ck_assert_int_eq(shell_parse(S("runx lua"), &cmd, &msg), ERR_NOTFOUND);
}
END_TEST

/* ---- jobs ---- */

/* A program of 100 pages. */
static uint32_t add_ok(struct shell_jobs *t, const char *name, cairn_handle_t h, uint64_t pid,
		       bool bg)
{
	const struct shell_job_start start = {
		.name = name, .proc = h, .pid = pid, .pages = 100, .background = bg};
	uint32_t slot = 99;

	ck_assert_int_eq(shell_jobs_add(t, &start, &slot), 0);
	ck_assert_uint_lt(slot, SHELL_JOBS_MAX);
	ck_assert_str_eq(t->job[slot].name, name);
	ck_assert_uint_eq(t->job[slot].proc, h);
	ck_assert_uint_eq(t->job[slot].state, SHELL_JOB_RUNNING);
	return slot;
}

/* shell_jobs_add of a background program of 100 pages. */
static int add(struct shell_jobs *t, const char *name, cairn_handle_t h, uint32_t *ret_slot)
{
	const struct shell_job_start start = {
		.name = name, .proc = h, .pid = 9, .pages = 100, .background = true};

	return shell_jobs_add(t, &start, ret_slot);
}

static void line_is(int (*fn)(const struct shell_job *, char *, size_t, size_t *),
		    const struct shell_job *j, const char *want)
{
	char buf[SHELL_JOB_LINE_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(fn(j, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(len, strlen(want));
}

START_TEST(test_jobs_add_end_and_order)
{
	struct shell_jobs t;
	uint32_t a;
	uint32_t b;
	uint32_t slot;

	shell_jobs_init(&t);
	ck_assert_uint_eq(shell_jobs_running(&t), 0);
	ck_assert_int_eq(shell_jobs_nth(&t, 0, &slot), ERR_NOTFOUND);
	a = add_ok(&t, "runprobe", 0x21, 40, false);
	b = add_ok(&t, "lua", 0x22, 41, true);
	ck_assert_uint_eq(shell_jobs_running(&t), 2);
	ck_assert_int_eq(shell_jobs_nth(&t, 0, &slot), 0);
	ck_assert_uint_eq(slot, a);
	ck_assert_int_eq(shell_jobs_nth(&t, 1, &slot), 0);
	ck_assert_uint_eq(slot, b);
	ck_assert_int_eq(shell_jobs_nth(&t, 2, &slot), ERR_NOTFOUND);
	ck_assert_int_eq(shell_jobs_end(&t, a, 3), 0);
	ck_assert_uint_eq(t.job[a].state, SHELL_JOB_ENDED);
	ck_assert_int_eq(t.job[a].status, 3);
	ck_assert_uint_eq(t.job[a].proc, CAIRN_HANDLE_INVALID);
	ck_assert_uint_eq(shell_jobs_running(&t), 1);
	/* an ended program stays listed, in its place */
	ck_assert_int_eq(shell_jobs_nth(&t, 0, &slot), 0);
	ck_assert_uint_eq(slot, a);
	/* it cannot end twice; no slot past the table; nothing runs in a free one */
	ck_assert_int_eq(shell_jobs_end(&t, a, 0), ERR_INVAL);
	ck_assert_int_eq(t.job[a].status, 3);
	ck_assert_int_eq(shell_jobs_end(&t, SHELL_JOBS_MAX, 0), ERR_INVAL);
	ck_assert_int_eq(shell_jobs_end(&t, 5, 0), ERR_INVAL);
}
END_TEST

START_TEST(test_jobs_full_and_reuse)
{
	struct shell_jobs t;
	uint32_t slots[SHELL_JOBS_MAX];
	uint32_t slot = 99;

	shell_jobs_init(&t);
	for (uint32_t i = 0; i < SHELL_JOBS_MAX; i++)
		slots[i] = add_ok(&t, "p", 0x100 + i, i, true);
	/* every slot runs: no room, nothing changed */
	ck_assert_int_eq(add(&t, "q", 0x200, &slot), ERR_NOSPC);
	ck_assert_uint_eq(slot, 99);
	ck_assert_uint_eq(shell_jobs_running(&t), SHELL_JOBS_MAX);
	/* the slot of the program started first among the ended ones goes first */
	ck_assert_int_eq(shell_jobs_end(&t, slots[5], 0), 0);
	ck_assert_int_eq(shell_jobs_end(&t, slots[2], 0), 0);
	ck_assert_uint_eq(add_ok(&t, "q", 0x200, 9, false), slots[2]);
	ck_assert_uint_eq(add_ok(&t, "r", 0x201, 10, false), slots[5]);
	ck_assert_int_eq(add(&t, "s", 0x202, &slot), ERR_NOSPC);
	/* start order, not slot order: the newest are listed last */
	ck_assert_int_eq(shell_jobs_nth(&t, SHELL_JOBS_MAX - 2, &slot), 0);
	ck_assert_uint_eq(slot, slots[2]);
	ck_assert_int_eq(shell_jobs_nth(&t, SHELL_JOBS_MAX - 1, &slot), 0);
	ck_assert_uint_eq(slot, slots[5]);
}
END_TEST

START_TEST(test_jobs_bad_input)
{
	struct shell_jobs t;
	char name[SHELL_RUN_NAME_MAX + 2];
	uint32_t slot = 99;

	shell_jobs_init(&t);
	ck_assert_int_eq(add(&t, NULL, 1, &slot), ERR_INVAL);
	ck_assert_int_eq(add(&t, "", 1, &slot), ERR_INVAL);
	ck_assert_int_eq(add(&t, "Lua", 1, &slot), ERR_INVAL);
	ck_assert_int_eq(add(&t, "lua", CAIRN_HANDLE_INVALID, &slot), ERR_INVAL);
	memset(name, 'n', sizeof(name));
	name[SHELL_RUN_NAME_MAX + 1] = '\0';
	ck_assert_int_eq(add(&t, name, 1, &slot), ERR_INVAL);
	ck_assert_uint_eq(slot, 99);
	ck_assert_uint_eq(shell_jobs_running(&t), 0);
	name[SHELL_RUN_NAME_MAX] = '\0';
	add_ok(&t, name, 1, 1, false);
}
END_TEST

/* The programs share the shell's pages: the full share while it is left, then the rest. */
START_TEST(test_jobs_share)
{
	struct shell_jobs t;
	uint32_t pages = 7;
	uint32_t a;

	shell_jobs_init(&t);
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 200, &pages), 0);
	ck_assert_uint_eq(pages, 700);
	a = add_ok(&t, "lua", 0x21, 40, true); /* 100 pages */
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 200, &pages), 0);
	ck_assert_uint_eq(pages, 700);
	t.job[a].pages = 700;
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 200, &pages), 0);
	ck_assert_uint_eq(pages, 300); /* the rest */
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 300, &pages), 0);
	ck_assert_uint_eq(pages, 300); /* exactly the least */
	pages = 7;
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 301, &pages), ERR_NOSPC);
	ck_assert_uint_eq(pages, 7);
	/* an ended program holds nothing */
	ck_assert_int_eq(shell_jobs_end(&t, a, 0), 0);
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 301, &pages), 0);
	ck_assert_uint_eq(pages, 700);
	/* held beyond the budget, or nothing left with no least: no room */
	a = add_ok(&t, "lua", 0x22, 41, true);
	t.job[a].pages = 1200;
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 0, &pages), ERR_NOSPC);
	t.job[a].pages = 1000;
	ck_assert_int_eq(shell_jobs_share(&t, 1000, 700, 0, &pages), ERR_NOSPC);
	ck_assert_uint_eq(pages, 700);
}
END_TEST

static void status_is(long status, bool named, const char *want)
{
	char buf[SHELL_STATUS_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(shell_status_text(status, named, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(len, strlen(want));
}

START_TEST(test_status_words)
{
	status_is(0, true, "exit 0");
	status_is(3, false, "exit 3");
	status_is(255, true, "exit 255");
	status_is(CAIRN_EXIT_KILLED, true, "killed");
	status_is(CAIRN_EXIT_FAULT | 13, true, "fault 13 (load page fault)");
	status_is(CAIRN_EXIT_FAULT | 13, false, "fault 13");
	status_is(CAIRN_EXIT_FAULT | 2, true, "fault 2 (illegal instruction)");
	status_is(CAIRN_EXIT_FAULT | 15, true, "fault 15 (store page fault)");
	status_is(CAIRN_EXIT_FAULT | 10, true, "fault 10"); /* reserved: no name */
	status_is(CAIRN_EXIT_FAULT | 63, true, "fault 63");
	status_is(ERR_BADHANDLE, true, "lost (ERR_BADHANDLE)");
	status_is(ERR_TIMEOUT, false, "lost (ERR_TIMEOUT)");
	status_is(0x400, true, "status 0x0000000000000400");
	status_is(-1000, true, "status 0xfffffffffffffc18");
}
END_TEST

/* Every status process_wait gives, and the errors, fit SHELL_STATUS_MAX. */
START_TEST(test_status_bound)
{
	char buf[SHELL_STATUS_MAX + 1];
	char small[4] = "abc";
	size_t len = 7;

	for (long s = ERR_LAST - 1; s <= (long)(CAIRN_EXIT_FAULT | 63) + 1; s++) {
		ck_assert_int_eq(shell_status_text(s, true, buf, sizeof(buf), &len), 0);
		ck_assert_uint_le(len, SHELL_STATUS_MAX);
	}
	len = 7;
	ck_assert_int_eq(shell_status_text(3, true, small, sizeof(small), &len), ERR_NOSPC);
	ck_assert_str_eq(small, "abc");
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(shell_status_text(3, true, NULL, 0, &len), ERR_NOSPC);
}
END_TEST

START_TEST(test_end_lines)
{
	struct shell_jobs t;
	char buf[SHELL_JOB_LINE_MAX + 1];
	size_t len = 7;
	uint32_t fg;
	uint32_t bg;

	shell_jobs_init(&t);
	fg = add_ok(&t, "runprobe", 0x21, 40, false);
	bg = add_ok(&t, "lua", 0x22, 41, true);
	/* running: no end to report */
	ck_assert_int_eq(shell_job_end_line(&t.job[fg], buf, sizeof(buf), &len), ERR_NOTFOUND);
	/* a foreground exit 0 says nothing, as a command that worked */
	ck_assert_int_eq(shell_jobs_end(&t, fg, 0), 0);
	ck_assert_int_eq(shell_job_end_line(&t.job[fg], buf, sizeof(buf), &len), ERR_NOTFOUND);
	ck_assert_uint_eq(len, 7);
	t.job[fg].status = 3;
	line_is(shell_job_end_line, &t.job[fg], "runprobe: exit 3");
	t.job[fg].status = CAIRN_EXIT_KILLED;
	line_is(shell_job_end_line, &t.job[fg], "runprobe: killed");
	t.job[fg].status = CAIRN_EXIT_FAULT | 13;
	line_is(shell_job_end_line, &t.job[fg], "runprobe: fault 13 (load page fault)");
	/* a background end is always reported */
	ck_assert_int_eq(shell_jobs_end(&t, bg, 0), 0);
	line_is(shell_job_end_line, &t.job[bg], "[lua] exit 0");
	t.job[bg].status = CAIRN_EXIT_FAULT | 7;
	line_is(shell_job_end_line, &t.job[bg], "[lua] fault 7 (store access fault)");
}
END_TEST

START_TEST(test_ps_rows)
{
	struct shell_jobs t;
	char name[SHELL_RUN_NAME_MAX + 1];
	char buf[8] = "keep";
	size_t len = 7;
	uint32_t a;
	uint32_t b;

	shell_jobs_init(&t);
	ck_assert_int_eq(shell_job_ps_line(&t.job[0], buf, sizeof(buf), &len), ERR_NOTFOUND);
	a = add_ok(&t, "runprobe", 0x21, 42, true);
	line_is(shell_job_ps_line, &t.job[a], "  runprobe     running   42");
	ck_assert_int_eq(shell_jobs_end(&t, a, 3), 0);
	line_is(shell_job_ps_line, &t.job[a], "  runprobe     exit 3    42");
	t.job[a].status = CAIRN_EXIT_FAULT | 13;
	line_is(shell_job_ps_line, &t.job[a], "  runprobe     fault 13  42");
	t.job[a].status = CAIRN_EXIT_KILLED;
	line_is(shell_job_ps_line, &t.job[a], "  runprobe     killed    42");
	/* the header names the columns where the rows have them */
	ck_assert_int_eq(strstr(SHELL_JOBS_PS_HEADER, "state") - SHELL_JOBS_PS_HEADER, 15);
	ck_assert_int_eq(strstr(SHELL_JOBS_PS_HEADER, "pid") - SHELL_JOBS_PS_HEADER, 25);
	/* the longest: a whole name and the longest status, a pid of 20 digits */
	memset(name, 'n', SHELL_RUN_NAME_MAX);
	name[SHELL_RUN_NAME_MAX] = '\0';
	b = add_ok(&t, name, 0x22, UINT64_MAX, false);
	ck_assert_int_eq(shell_jobs_end(&t, b, CAIRN_EXIT_FAULT | 63), 0);
	t.job[b].status = ERR_BADHANDLE;
	{
		char line[SHELL_JOB_LINE_MAX + 1];

		ck_assert_int_eq(shell_job_ps_line(&t.job[b], line, sizeof(line), &len), 0);
		ck_assert_uint_le(len, SHELL_JOB_LINE_MAX);
		ck_assert_int_eq(shell_job_end_line(&t.job[b], line, sizeof(line), &len), 0);
		ck_assert_uint_le(len, SHELL_JOB_LINE_MAX);
	}
	/* a short buffer is left as it was */
	len = 7;
	ck_assert_int_eq(shell_job_ps_line(&t.job[a], buf, sizeof(buf), &len), ERR_NOSPC);
	ck_assert_str_eq(buf, "keep");
	ck_assert_uint_eq(len, 7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shell_run");
	TCase *run = tcase_create("run");
	TCase *jobs = tcase_create("jobs");
	SRunner *sr;
	int failed;

	tcase_add_test(run, test_words_split);
	tcase_add_test(run, test_run_name_and_arguments);
	tcase_add_test(run, test_run_background);
	tcase_add_test(run, test_run_word_bound);
	tcase_add_test(run, test_run_whole_line);
	tcase_add_test(run, test_run_refusals);
	tcase_add_test(run, test_run_through_the_command_table);
	tcase_add_test(jobs, test_jobs_add_end_and_order);
	tcase_add_test(jobs, test_jobs_full_and_reuse);
	tcase_add_test(jobs, test_jobs_bad_input);
	tcase_add_test(jobs, test_jobs_share);
	tcase_add_test(jobs, test_status_words);
	tcase_add_test(jobs, test_status_bound);
	tcase_add_test(jobs, test_end_lines);
	tcase_add_test(jobs, test_ps_rows);
	suite_add_tcase(s, run);
	suite_add_tcase(s, jobs);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
