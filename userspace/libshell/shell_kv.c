/*
 * The `kv` sub-parser (shell_kv.h): a table of sub-commands, each with how
 * it takes its key and whether a value follows, and the one-line messages,
 * laid out with libtext's writer, measured first.
 */
#include "shell_kv.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "text_writer.h"

enum key_rule {
	KEY_NEEDED,   /* put, get, del */
	KEY_OPTIONAL, /* ls's prefix */
};

struct kv_spec {
	const char *name;
	const char *usage; /* after "kv " */
	enum key_rule key;
	bool value; /* the rest of the text after the key is the value */
	enum shell_kv_op op;
};

static const struct kv_spec kv_table[] = {
	{.op = SHELL_KV_PUT, .name = "put", .usage = "put KEY VALUE", .value = true},
	{.op = SHELL_KV_GET, .name = "get", .usage = "get KEY"},
	{.op = SHELL_KV_DEL, .name = "del", .usage = "del KEY"},
	{.op = SHELL_KV_LS, .name = "ls", .usage = "ls [PREFIX]", .key = KEY_OPTIONAL},
};

#define KV_COUNT (sizeof(kv_table) / sizeof(kv_table[0]))

/* A word of the text: bytes, not NUL-terminated; len 0 when there is none. */
struct word {
	const char *s;
	size_t len;
};

/* Walks the text: where the next word starts, and the end. */
struct cursor {
	const char *at;
	const char *end;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void skip_blanks(struct cursor *c)
{
	while (c->at < c->end && is_blank(*c->at))
		c->at++;
}

/* The next word, and the cursor past it; an empty word at the end. */
static struct word next_word(struct cursor *c)
{
	struct word w;

	skip_blanks(c);
	w.s = c->at;
	while (c->at < c->end && !is_blank(*c->at))
		c->at++;
	w.len = (size_t)(c->at - w.s);
	return w;
}

static bool word_is(const struct word *w, const char *s)
{
	size_t i = 0;

	while (i < w->len && s[i] != '\0' && s[i] == w->s[i])
		i++;
	return i == w->len && s[i] == '\0';
}

/* ---- messages: "shell: kv: ..." ---- */

/* Lays out one message; with err NULL, or on the measuring pass, it only counts. */
typedef void (*lay_out_fn)(struct text_writer *w, const void *arg);

/* Writes "shell: kv: " and what lay_out says, when err is not NULL and it fits; passes code on. */
static int kv_msg(struct shell_msg *err, lay_out_fn lay_out, const void *arg, int code)
{
	struct text_writer w = {0};

	if (err == NULL)
		return code;
	text_put_str(&w, "shell: kv: ");
	lay_out(&w, arg);
	if (w.len > SHELL_MSG_MAX) /* never, by the bounds on the text; a message is never cut */
		return code;
	w = (struct text_writer){.buf = err->text};
	text_put_str(&w, "shell: kv: ");
	lay_out(&w, arg);
	err->text[w.len] = '\0';
	err->len = (uint32_t)w.len;
	return code;
}

static void put_str_arg(struct text_writer *w, const void *arg)
{
	text_put_str(w, arg);
}

static int kv_say(struct shell_msg *err, const char *what, int code)
{
	return kv_msg(err, put_str_arg, what, code);
}

static void put_usage(struct text_writer *w, const void *arg)
{
	const struct kv_spec *spec = arg;

	text_put_str(w, "usage: kv ");
	if (spec != NULL) {
		text_put_str(w, spec->usage);
		return;
	}
	for (size_t i = 0; i < KV_COUNT; i++) {
		text_put_str(w, i > 0 ? " | " : "");
		text_put_str(w, kv_table[i].usage);
	}
}

static void put_unknown(struct text_writer *w, const void *arg)
{
	const struct word *name = arg;

	text_put_char(w, '\'');
	for (size_t i = 0; i < name->len; i++)
		text_put_char(w, name->s[i]);
	text_put_str(w, "' is not put, get, del or ls");
}

static void put_too_long(struct text_writer *w, const void *arg)
{
	const struct kv_spec *spec = arg;

	text_put_str(w, spec->key == KEY_OPTIONAL ? "prefix" : "key");
	text_put_str(w, " is longer than ");
	text_put_decimal(w, SHELL_KV_KEY_MAX);
	text_put_str(w, " bytes");
}

static void put_text_too_long(struct text_writer *w, const void *arg)
{
	(void)arg;
	text_put_str(w, "text longer than ");
	text_put_decimal(w, SHELL_LINE_MAX);
	text_put_str(w, " bytes");
}

/* ---- the parse ---- */

static const struct kv_spec *find_op(const struct word *name)
{
	for (size_t i = 0; i < KV_COUNT; i++) {
		if (word_is(name, kv_table[i].name))
			return &kv_table[i];
	}
	return NULL;
}

/* Refuses a text longer than a line, or with a byte other than printable ASCII and tab. */
static int check_text(const char *rest, size_t len, struct shell_msg *err)
{
	if (rest == NULL && len > 0)
		return kv_say(err, "no text", ERR_INVAL);
	if (len > SHELL_LINE_MAX)
		return kv_msg(err, put_text_too_long, NULL, ERR_TOOLONG);
	for (size_t i = 0; i < len; i++) {
		if ((rest[i] < 0x20 || rest[i] > 0x7e) && rest[i] != '\t')
			return kv_say(err, "text has a byte that is not printable", ERR_INVAL);
	}
	return 0;
}

/* The key, then the value or the end of the text, as spec says, into *kv. */
static int take_key_and_value(const struct kv_spec *spec, struct cursor *c, struct shell_kv *kv,
			      struct shell_msg *err)
{
	struct word key = next_word(c);

	if (key.len == 0 && spec->key == KEY_NEEDED)
		return kv_msg(err, put_usage, spec, ERR_INVAL);
	if (key.len > SHELL_KV_KEY_MAX)
		return kv_msg(err, put_too_long, spec, ERR_TOOLONG);
	for (size_t i = 0; i < key.len; i++)
		kv->key[i] = key.s[i];
	kv->key[key.len] = '\0';
	kv->key_len = (uint32_t)key.len;
	skip_blanks(c);
	if (!spec->value)
		return c->at == c->end ? 0 : kv_msg(err, put_usage, spec, ERR_INVAL);
	/* the value fits: it is part of a text of at most SHELL_LINE_MAX bytes */
	while (c->at < c->end)
		kv->value[kv->value_len++] = *c->at++;
	kv->value[kv->value_len] = '\0';
	return 0;
}

int shell_kv_parse(const char *rest, size_t len, struct shell_kv *ret_kv, struct shell_msg *err)
{
	struct shell_kv kv = {0};
	struct cursor c;
	const struct kv_spec *spec;
	struct word name;
	int rc = check_text(rest, len, err);

	if (rc != 0)
		return rc;
	c = (struct cursor){.at = len > 0 ? rest : "", .end = NULL};
	c.end = c.at + len; /* rest may be NULL when len is 0 */
	name = next_word(&c);
	if (name.len == 0)
		return kv_msg(err, put_usage, NULL, ERR_INVAL);
	spec = find_op(&name);
	if (spec == NULL)
		return kv_msg(err, put_unknown, &name, ERR_NOTFOUND);
	kv.op = spec->op;
	rc = take_key_and_value(spec, &c, &kv, err);
	if (rc != 0)
		return rc;
	*ret_kv = kv;
	return 0;
}
