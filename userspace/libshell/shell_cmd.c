/*
 * The command table, the parser made from it and the help text made from it
 * (see shell_cmd.h). A command takes its required words, then optionally
 * one number N or the rest of the line as raw text; adding a command is one
 * line in cmd_table.
 */
#include "shell_cmd.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "shell_words.h"

/* A command's optional number N; max 0 when it takes none. */
struct count_spec {
	uint32_t min;
	uint32_t max;
	uint32_t dflt;
};

struct cmd_spec {
	const char *name;
	const char *words[SHELL_WORDS_MAX]; /* names of the required words, then NULL */
	const char *help;
	const char *rest; /* how usage shows the rest of the line; NULL: none (never with N) */
	struct count_spec count;
	enum shell_cmd_id id;
};

static const struct cmd_spec cmd_table[] = {
	{.id = SHELL_CMD_HELP, .name = "help", .help = "list the commands"},
	{.id = SHELL_CMD_PS, .name = "ps", .help = "list the processes"},
	{.id = SHELL_CMD_RUN,
	 .name = "run",
	 .rest = "NAME [ARGS...] [&]",
	 .help = "start a program of the boot image"},
	{.id = SHELL_CMD_SVC, .name = "svc", .help = "list the registered services"},
	{.id = SHELL_CMD_LOG,
	 .name = "log",
	 .count = {.min = 1, .max = 64, .dflt = 16},
	 .help = "show the last N journal lines"},
	{.id = SHELL_CMD_CAPS, .name = "caps", .help = "list the shell's handles"},
	{.id = SHELL_CMD_POLICY,
	 .name = "policy",
	 .words = {"subject", "action", "object"},
	 .help = "ask policyd for a decision"},
	{.id = SHELL_CMD_BENCH,
	 .name = "bench",
	 .count = {.min = 1, .max = 100000, .dflt = 1000},
	 .help = "time N IPC round trips"},
	{.id = SHELL_CMD_CRASH,
	 .name = "crash",
	 .words = {"name"},
	 .help = "kill a service; init restarts it"},
	{.id = SHELL_CMD_UPTIME,
	 .name = "uptime",
	 .help = "time since reset; the harts' busy time"},
	{.id = SHELL_CMD_DATE, .name = "date", .help = "the time of day from rtcd, in UTC"},
	{.id = SHELL_CMD_DISK, .name = "disk", .help = "the disk: its size, mode and requests"},
	{.id = SHELL_CMD_KV,
	 .name = "kv",
	 .rest = "put|get|del|ls ...",
	 .help = "the shell's keys and values on disk"},
	{.id = SHELL_CMD_RNG,
	 .name = "rng",
	 .count = {.min = 1, .max = 224, .dflt = 32},
	 .help = "N random bytes from rngd, in hex"},
	{.id = SHELL_CMD_KEY,
	 .name = "key",
	 .rest = "pub|sign|verify|rotate ...",
	 .help = "the device key"},
	{.id = SHELL_CMD_SHUTDOWN, .name = "shutdown", .help = "stop the system"},
};

#define CMD_COUNT   (sizeof(cmd_table) / sizeof(cmd_table[0]))
#define HELP_COLUMN 36u /* where the help text starts, after the longest usage and 2 spaces */

/* Lays out characters up to cap of them; with buf NULL it only counts them. */
struct text {
	char *buf;
	size_t cap;
	size_t len;
};

static void put_bytes(struct text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t->buf != NULL && t->len < t->cap)
			t->buf[t->len] = s[i];
		t->len++;
	}
}

static void put_str(struct text *t, const char *s)
{
	while (*s != '\0')
		put_bytes(t, s++, 1);
}

static void put_decimal(struct text *t, uint32_t v)
{
	char digits[10];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		put_bytes(t, &digits[--n], 1);
}

static bool takes_count(const struct cmd_spec *spec)
{
	return spec->count.max != 0;
}

static uint32_t word_count(const struct cmd_spec *spec)
{
	uint32_t n = 0;

	while (n < SHELL_WORDS_MAX && spec->words[n] != NULL)
		n++;
	return n;
}

/* "policy <subject> <action> <object>", "log [N]", "kv put|get|del|ls ...". */
static void put_usage(struct text *t, const struct cmd_spec *spec)
{
	put_str(t, spec->name);
	for (uint32_t i = 0; i < word_count(spec); i++) {
		put_str(t, " <");
		put_str(t, spec->words[i]);
		put_str(t, ">");
	}
	if (takes_count(spec))
		put_str(t, " [N]");
	if (spec->rest != NULL) {
		put_str(t, " ");
		put_str(t, spec->rest);
	}
}

/* "1..64" */
static void put_count_range(struct text *t, const struct count_spec *c)
{
	put_decimal(t, c->min);
	put_str(t, "..");
	put_decimal(t, c->max);
}

static void lay_out_help(struct text *t, const struct cmd_spec *spec)
{
	put_usage(t, spec);
	do
		put_str(t, " ");
	while (t->len < HELP_COLUMN);
	put_str(t, spec->help);
	if (takes_count(spec)) {
		put_str(t, " (N ");
		put_count_range(t, &spec->count);
		put_str(t, ", default ");
		put_decimal(t, spec->count.dflt);
		put_str(t, ")");
	}
}

int shell_help_line(unsigned index, char *buf, size_t size, size_t *ret_len)
{
	struct text measure = {0};
	struct text out = {.buf = buf, .cap = size};

	if (index >= CMD_COUNT)
		return ERR_NOTFOUND;
	lay_out_help(&measure, &cmd_table[index]);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out_help(&out, &cmd_table[index]);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}

/* Starts the user's message "shell: " (+ "<command>: " when spec is not NULL). */
static struct text msg_start(struct shell_msg *err, const struct cmd_spec *spec)
{
	struct text t = {.buf = err != NULL ? err->text : NULL, .cap = SHELL_MSG_MAX};

	put_str(&t, "shell: ");
	if (spec != NULL) {
		put_str(&t, spec->name);
		put_str(&t, ": ");
	}
	return t;
}

/* Ends the message and passes code on. Text past SHELL_MSG_MAX is cut (never, by its bound). */
static int msg_end(struct shell_msg *err, struct text *t, int code)
{
	if (err != NULL) {
		err->len = (uint32_t)(t->len < t->cap ? t->len : t->cap);
		err->text[err->len] = '\0';
	}
	return code;
}

/* The most words a valid line has: the name, the words and N. */
#define WORDS_KEPT (1u + SHELL_WORDS_MAX + 1u)

struct words {
	struct shell_word w[WORDS_KEPT];
	uint32_t n;	 /* how many the line has; only the first WORDS_KEPT are kept */
	const char *end; /* the line's end */
};

static bool is_printable(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

static void split(const char *line, size_t len, struct words *ws)
{
	ws->n = shell_words_split(line, len, ws->w, WORDS_KEPT);
	ws->end = line + len;
}

static const struct cmd_spec *find_cmd(const struct shell_word *name)
{
	for (size_t i = 0; i < CMD_COUNT; i++) {
		if (shell_word_is(name, cmd_table[i].name))
			return &cmd_table[i];
	}
	return NULL;
}

/* Refuses a line longer than the editor's, or with a byte other than printable ASCII and tab. */
static int check_line(const char *line, size_t len, struct shell_msg *err)
{
	struct text t = msg_start(err, NULL);

	if (line == NULL && len > 0) {
		put_str(&t, "no line");
		return msg_end(err, &t, ERR_INVAL);
	}
	if (len > SHELL_LINE_MAX) {
		put_str(&t, "line longer than ");
		put_decimal(&t, SHELL_LINE_MAX);
		put_str(&t, " bytes");
		return msg_end(err, &t, ERR_TOOLONG);
	}
	for (size_t i = 0; i < len; i++) {
		if (!is_printable(line[i]) && line[i] != '\t') {
			put_str(&t, "line has a byte that is not printable");
			return msg_end(err, &t, ERR_INVAL);
		}
	}
	return 0;
}

static int unknown_cmd(const struct shell_word *name, struct shell_msg *err)
{
	struct text t = msg_start(err, NULL);

	put_str(&t, "unknown command '");
	put_bytes(&t, name->s, name->len);
	put_str(&t, "' (try help)");
	return msg_end(err, &t, ERR_NOTFOUND);
}

static int usage_error(const struct cmd_spec *spec, struct shell_msg *err)
{
	struct text t = msg_start(err, spec);

	put_str(&t, "usage: ");
	put_usage(&t, spec);
	return msg_end(err, &t, ERR_INVAL);
}

/* Copies w, the word called label, into cmd->words[i]; ERR_TOOLONG past SHELL_WORD_MAX. */
static int copy_word(const struct cmd_spec *spec, const char *label, uint32_t i,
		     const struct shell_word *w, struct shell_cmd *cmd, struct shell_msg *err)
{
	if (w->len > SHELL_WORD_MAX) {
		struct text t = msg_start(err, spec);

		put_str(&t, label);
		put_str(&t, " is longer than ");
		put_decimal(&t, SHELL_WORD_MAX);
		put_str(&t, " bytes");
		return msg_end(err, &t, ERR_TOOLONG);
	}
	for (size_t k = 0; k < w->len; k++)
		cmd->words[i][k] = w->s[k];
	cmd->words[i][w->len] = '\0';
	return 0;
}

/*
 * Reads w as a decimal number within c: 0, ERR_INVAL for anything but
 * digits, ERR_RANGE outside c. Stops counting past c->max, so long numbers
 * cannot overflow.
 */
static int read_count(const struct shell_word *w, const struct count_spec *c, uint32_t *ret_value)
{
	uint64_t v = 0;

	for (size_t i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return ERR_INVAL;
	}
	for (size_t i = 0; i < w->len && v <= c->max; i++)
		v = v * 10 + (uint64_t)(w->s[i] - '0');
	if (v < c->min || v > c->max)
		return ERR_RANGE;
	*ret_value = (uint32_t)v;
	return 0;
}

/* Sets cmd->count from w, or to the default when w is NULL. */
static int take_count(const struct cmd_spec *spec, const struct shell_word *w,
		      struct shell_cmd *cmd, struct shell_msg *err)
{
	int rc;
	struct text t;

	if (w == NULL) {
		cmd->count = spec->count.dflt;
		return 0;
	}
	rc = read_count(w, &spec->count, &cmd->count);
	if (rc == 0)
		return 0;
	t = msg_start(err, spec);
	put_str(&t, "N must be ");
	put_count_range(&t, &spec->count);
	return msg_end(err, &t, rc);
}

/*
 * Copies the line after `last` (the command's last word, or its name) and
 * the blanks after it into cmd->rest. It fits: the line is at most
 * SHELL_LINE_MAX bytes.
 */
static void take_rest(const struct shell_word *last, const char *end, struct shell_cmd *cmd)
{
	const char *s = last->s + last->len;
	uint32_t n = 0;

	while (s < end && shell_is_blank(*s))
		s++;
	while (s < end && n < SHELL_LINE_MAX)
		cmd->rest[n++] = *s++;
	cmd->rest[n] = '\0';
	cmd->rest_len = n;
}

/* Whether the line has as many arguments as spec takes: its words, and N or any rest. */
static bool args_fit(const struct cmd_spec *spec, uint32_t nargs)
{
	uint32_t nwords = word_count(spec);

	if (nargs < nwords)
		return false;
	return spec->rest != NULL || nargs <= nwords + (takes_count(spec) ? 1u : 0u);
}

static int take_args(const struct cmd_spec *spec, const struct words *ws, struct shell_cmd *cmd,
		     struct shell_msg *err)
{
	uint32_t nwords = word_count(spec);
	uint32_t nargs = ws->n - 1;
	const struct shell_word *extra = nargs > nwords ? &ws->w[1 + nwords] : NULL;
	int rc;

	if (!args_fit(spec, nargs))
		return usage_error(spec, err);
	for (uint32_t i = 0; i < nwords; i++) {
		rc = copy_word(spec, spec->words[i], i, &ws->w[1 + i], cmd, err);
		if (rc != 0)
			return rc;
	}
	cmd->nwords = nwords;
	if (spec->rest != NULL)
		take_rest(&ws->w[nwords], ws->end, cmd);
	if (!takes_count(spec))
		return 0;
	return take_count(spec, extra, cmd, err);
}

int shell_parse(const char *line, size_t len, struct shell_cmd *ret_cmd, struct shell_msg *err)
{
	struct shell_cmd cmd = {.id = SHELL_CMD_NONE};
	struct words ws;
	const struct cmd_spec *spec;
	int rc;

	rc = check_line(line, len, err);
	if (rc != 0)
		return rc;
	split(line, len, &ws);
	if (ws.n > 0) {
		spec = find_cmd(&ws.w[0]);
		if (spec == NULL)
			return unknown_cmd(&ws.w[0], err);
		rc = take_args(spec, &ws, &cmd, err);
		if (rc != 0)
			return rc;
		cmd.id = spec->id;
	}
	*ret_cmd = cmd;
	return 0;
}
