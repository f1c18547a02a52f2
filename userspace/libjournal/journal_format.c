/*
 * One journal record as one printable line (see journal_format in journal.h).
 * The line is laid out twice by the same code: once to measure it, then, if
 * it fits, to write it, so a buffer that is too small is never half-written.
 */
#include "journal.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

/* Lays out characters; with buf NULL it only counts them. */
struct line {
	char *buf;
	size_t len;
};

static const char hex_digits[] = "0123456789abcdef";

static void put_char(struct line *l, char c)
{
	if (l->buf != NULL)
		l->buf[l->len] = c;
	l->len++;
}

static void put_str(struct line *l, const char *s)
{
	while (*s != '\0')
		put_char(l, *s++);
}

static void put_decimal(struct line *l, uint64_t v)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		put_char(l, digits[--n]);
}

static void put_hex64(struct line *l, uint64_t v)
{
	put_str(l, "0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		put_char(l, hex_digits[(v >> shift) & 0xf]);
}

static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e && c != '\\';
}

static void put_escaped(struct line *l, const char *msg, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (is_plain(c)) {
			put_char(l, (char)c);
			continue;
		}
		put_str(l, "\\x");
		put_char(l, hex_digits[c >> 4]);
		put_char(l, hex_digits[c & 0xf]);
	}
}

static void lay_out(struct line *l, const struct journal_record *rec)
{
	put_decimal(l, rec->seq);
	put_char(l, ' ');
	put_decimal(l, rec->time);
	put_char(l, ' ');
	put_str(l, journal_level_name(rec->level));
	put_char(l, ' ');
	put_hex64(l, rec->badge);
	put_char(l, ' ');
	put_escaped(l, rec->msg, rec->len);
}

const char *journal_level_name(unsigned level)
{
	static const char *const names[JOURNAL_LEVELS] = {"DEBUG", "INFO ", "WARN ", "ERROR"};

	return level < JOURNAL_LEVELS ? names[level] : NULL;
}

int journal_format(const struct journal_record *rec, char *buf, size_t size, size_t *ret_len)
{
	struct line measure = {0};
	struct line out = {.buf = buf};

	if (rec->level >= JOURNAL_LEVELS || rec->len > JOURNAL_MSG_MAX)
		return ERR_INVAL;
	lay_out(&measure, rec);
	if (buf == NULL || measure.len + 1 > size)
		return ERR_NOSPC;
	lay_out(&out, rec);
	buf[out.len] = '\0';
	*ret_len = out.len;
	return 0;
}
