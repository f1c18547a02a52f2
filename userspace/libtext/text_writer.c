/*
 * The bounded line writer (see text_writer.h): characters, strings, numbers
 * and escaped bytes laid out into a caller's buffer, or only counted. What a
 * line says and whether it fits belong to the format that calls it.
 */
#include "text_writer.h"

#include <stdbool.h>

static const char hex_digits[] = "0123456789abcdef";

void text_put_char(struct text_writer *w, char c)
{
	if (w->buf != NULL)
		w->buf[w->len] = c;
	w->len++;
}

void text_put_str(struct text_writer *w, const char *s)
{
	while (*s != '\0')
		text_put_char(w, *s++);
}

void text_put_decimal(struct text_writer *w, uint64_t v)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		text_put_char(w, digits[--n]);
}

void text_put_hex64(struct text_writer *w, uint64_t v)
{
	text_put_str(w, "0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		text_put_char(w, hex_digits[(v >> shift) & 0xf]);
}

static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e && c != '\\';
}

void text_put_escaped(struct text_writer *w, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)bytes[i];

		if (is_plain(c)) {
			text_put_char(w, (char)c);
			continue;
		}
		text_put_str(w, "\\x");
		text_put_char(w, hex_digits[c >> 4]);
		text_put_char(w, hex_digits[c & 0xf]);
	}
}
