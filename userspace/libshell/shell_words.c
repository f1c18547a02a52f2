/*
 * Word splitting (shell_words.h): one pass over the line, blanks skipped.
 */
#include "shell_words.h"

uint32_t shell_words_split(const char *text, size_t len, struct shell_word *out, uint32_t max)
{
	uint32_t n = 0;
	size_t i = 0;

	while (i < len) {
		size_t start;

		while (i < len && shell_is_blank(text[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !shell_is_blank(text[i]))
			i++;
		if (n < max)
			out[n] = (struct shell_word){.s = text + start, .len = i - start};
		n++;
	}
	return n;
}

bool shell_word_is(const struct shell_word *w, const char *s)
{
	size_t i = 0;

	while (i < w->len && s[i] != '\0' && s[i] == w->s[i])
		i++;
	return i == w->len && s[i] == '\0';
}
