/*
 * The `run` sub-parser (shell_run.h): the words are split and checked
 * first, and *ret_run written only once all of them passed, so a refused
 * line leaves it as it was. Messages are laid out with libtext's writer,
 * measured first.
 */
#include "shell_run.h"

#include "cairn/abi/errors.h"
#include "shell_words.h"
#include "text_writer.h"

/* Words kept from a line: one more than a run takes, to tell a line with too many. */
#define WORDS_KEPT (SHELL_RUN_ARGS_MAX + 1u)

/* A line's words, the trailing `&` taken off. */
struct run_words {
	struct shell_word w[WORDS_KEPT];
	uint32_t n; /* words of the line, which may be more than WORDS_KEPT */
	bool background;
};

/* What a message says after "shell: run: ". */
enum run_msg {
	MSG_NO_TEXT,
	MSG_TEXT_TOO_LONG,
	MSG_USAGE,
	MSG_TOO_MANY,
	MSG_NAME_TOO_LONG,
	MSG_BAD_NAME,
};

static void lay_out(struct text_writer *w, enum run_msg msg, const struct shell_word *name)
{
	text_put_str(w, "shell: run: ");
	switch (msg) {
	case MSG_NO_TEXT:
		text_put_str(w, "no text");
		break;
	case MSG_TEXT_TOO_LONG:
		text_put_str(w, "text longer than ");
		text_put_decimal(w, SHELL_LINE_MAX);
		text_put_str(w, " bytes");
		break;
	case MSG_USAGE:
		text_put_str(w, "usage: run NAME [ARGS...] [&]");
		break;
	case MSG_TOO_MANY:
		text_put_str(w, "more than ");
		text_put_decimal(w, SHELL_RUN_ARGS_MAX);
		text_put_str(w, " words: NAME and at most ");
		text_put_decimal(w, SHELL_RUN_ARGS_MAX - 1u);
		text_put_str(w, " arguments");
		break;
	case MSG_NAME_TOO_LONG:
		text_put_str(w, "program name longer than ");
		text_put_decimal(w, SHELL_RUN_NAME_MAX);
		text_put_str(w, " bytes");
		break;
	case MSG_BAD_NAME:
		text_put_char(w, '\'');
		for (size_t i = 0; i < name->len; i++)
			text_put_char(w, name->s[i]);
		text_put_str(w, "' is not a program name");
		break;
	}
}

/* Writes the message to err when it is not NULL, and passes code on. */
static int run_say(struct shell_msg *err, enum run_msg msg, const struct shell_word *name, int code)
{
	struct text_writer w = {0};

	if (err == NULL)
		return code;
	lay_out(&w, msg, name);
	if (w.len > SHELL_MSG_MAX) /* never: a bad name is at most SHELL_RUN_NAME_MAX bytes */
		return code;
	w = (struct text_writer){.buf = err->text};
	lay_out(&w, msg, name);
	err->text[w.len] = '\0';
	err->len = (uint32_t)w.len;
	return code;
}

/* Splits the text and takes a trailing `&` off: a word of its own, or the last word's end. */
static void split(const char *rest, size_t len, struct run_words *ws)
{
	struct shell_word *last;

	ws->n = shell_words_split(rest, len, ws->w, WORDS_KEPT);
	ws->background = false;
	if (ws->n == 0 || ws->n > WORDS_KEPT)
		return; /* too many words: refused whatever the last one is */
	last = &ws->w[ws->n - 1];
	if (last->s[last->len - 1] != '&')
		return;
	ws->background = true;
	if (--last->len == 0)
		ws->n--;
}

static int check_words(const struct run_words *ws, struct shell_msg *err)
{
	int rc;

	if (ws->n == 0)
		return run_say(err, MSG_USAGE, NULL, ERR_INVAL);
	if (ws->n > SHELL_RUN_ARGS_MAX)
		return run_say(err, MSG_TOO_MANY, NULL, ERR_RANGE);
	rc = svcname_check(ws->w[0].s, ws->w[0].len);
	if (rc == ERR_TOOLONG)
		return run_say(err, MSG_NAME_TOO_LONG, NULL, ERR_TOOLONG);
	if (rc != 0)
		return run_say(err, MSG_BAD_NAME, &ws->w[0], ERR_INVAL);
	return 0;
}

int shell_run_parse(const char *rest, size_t len, struct shell_run *ret_run, struct shell_msg *err)
{
	struct run_words ws;
	size_t at = 0;
	int rc;

	if (rest == NULL && len > 0)
		return run_say(err, MSG_NO_TEXT, NULL, ERR_INVAL);
	if (len > SHELL_LINE_MAX)
		return run_say(err, MSG_TEXT_TOO_LONG, NULL, ERR_TOOLONG);
	split(rest, len, &ws);
	rc = check_words(&ws, err);
	if (rc != 0)
		return rc;
	/* fits: the words and a NUL each take at most len + 1 bytes, as blanks part them */
	for (uint32_t i = 0; i < ws.n; i++) {
		ret_run->argv[i] = &ret_run->text[at];
		for (size_t k = 0; k < ws.w[i].len; k++)
			ret_run->text[at++] = ws.w[i].s[k];
		ret_run->text[at++] = '\0';
	}
	ret_run->argv[ws.n] = NULL;
	ret_run->argc = ws.n;
	ret_run->background = ws.background;
	return 0;
}
