/*
 * The `key` command's sub-parser (shell_key.h): the sub-command's name,
 * then verify's signature in hex, then sign's and verify's text, the rest of
 * the line as it was typed.
 */
#include "shell_key.h"

#include <stdbool.h>
#include <string.h>

#include "cairn/abi/errors.h"

#define SIG_HEX ((size_t)2 * SHELL_KEY_SIG_LEN)

/* The line still to read. */
struct key_cursor {
	const char *at;
	const char *end;
};

static bool key_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void key_skip_blanks(struct key_cursor *c)
{
	while (c->at < c->end && key_blank(*c->at))
		c->at++;
}

/* The next word's length; the cursor stays at its start. */
static size_t key_word_len(const struct key_cursor *c)
{
	size_t n = 0;

	while (c->at + n < c->end && !key_blank(c->at[n]))
		n++;
	return n;
}

/* "shell: key: <what>" into err; code back. */
static int key_say(struct shell_msg *err, const char *what, int code)
{
	static const char lead[] = "shell: key: ";
	size_t n = strlen(what);

	if (err != NULL) {
		if (n > SHELL_MSG_MAX - (sizeof(lead) - 1))
			n = SHELL_MSG_MAX - (sizeof(lead) - 1);
		memcpy(err->text, lead, sizeof(lead) - 1);
		memcpy(err->text + sizeof(lead) - 1, what, n);
		err->len = (uint32_t)(sizeof(lead) - 1 + n);
		err->text[err->len] = '\0';
	}
	return code;
}

static int key_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* SIG_HEX hex digits at c into sig; false if any is not one. */
static bool key_take_sig(const char *hex, uint8_t sig[SHELL_KEY_SIG_LEN])
{
	for (size_t i = 0; i < SHELL_KEY_SIG_LEN; i++) {
		int hi = key_hex_digit(hex[2 * i]);
		int lo = key_hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		sig[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* The rest of the line as the text: 0, ERR_INVAL (none) or ERR_TOOLONG. */
static int key_take_text(struct key_cursor *c, struct shell_key *k, struct shell_msg *err)
{
	size_t n = (size_t)(c->end - c->at);

	if (n == 0)
		return key_say(err, "which text? (key sign TEXT, key verify SIG TEXT)", ERR_INVAL);
	if (n > SHELL_KEY_TEXT_MAX)
		return key_say(err, "the text is over 176 bytes", ERR_TOOLONG);
	memcpy(k->text, c->at, n);
	k->text[n] = '\0';
	k->text_len = (uint32_t)n;
	return 0;
}

/* verify's SIG, then its text. */
static int key_take_verify(struct key_cursor *c, struct shell_key *k, struct shell_msg *err)
{
	size_t n = key_word_len(c);

	if (n == 0)
		return key_say(err, "which signature? (key verify SIG TEXT)", ERR_INVAL);
	if (n != SIG_HEX || !key_take_sig(c->at, k->sig))
		return key_say(err, "SIG is 128 hex digits", ERR_INVAL);
	c->at += n;
	key_skip_blanks(c);
	return key_take_text(c, k, err);
}

static bool key_word_is(const char *w, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(w, s, n) == 0;
}

int shell_key_parse(const char *rest, size_t len, struct shell_key *ret_key, struct shell_msg *err)
{
	struct shell_key k = {0};
	struct key_cursor c = {.at = len > 0 ? rest : "", .end = NULL};
	const char *name;
	size_t n;
	int rc = 0;

	c.end = c.at + len;
	key_skip_blanks(&c);
	name = c.at;
	n = key_word_len(&c);
	c.at += n;
	key_skip_blanks(&c);
	if (n == 0)
		return key_say(err, "pub, sign TEXT, verify SIG TEXT or rotate?", ERR_INVAL);
	if (key_word_is(name, n, "pub") || key_word_is(name, n, "rotate")) {
		k.op = name[0] == 'p' ? SHELL_KEY_PUB : SHELL_KEY_ROTATE;
		if (c.at != c.end)
			return key_say(err, "pub and rotate take nothing more", ERR_INVAL);
	} else if (key_word_is(name, n, "sign")) {
		k.op = SHELL_KEY_SIGN;
		rc = key_take_text(&c, &k, err);
	} else if (key_word_is(name, n, "verify")) {
		k.op = SHELL_KEY_VERIFY;
		rc = key_take_verify(&c, &k, err);
	} else {
		return key_say(err, "no such sub-command (pub, sign, verify, rotate)",
			       ERR_NOTFOUND);
	}
	if (rc != 0)
		return rc;
	*ret_key = k;
	return 0;
}
