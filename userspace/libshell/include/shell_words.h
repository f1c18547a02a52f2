/*
 * Splitting a line into words, for the command table (shell_cmd.h) and
 * `run`'s arguments (shell_run.h): a word is a run of bytes other than space
 * and tab. There is no quoting and no escape: a word cannot hold a blank.
 *
 * Pure: no I/O, no globals; the words point into the caller's text.
 */
#ifndef SHELL_WORDS_H
#define SHELL_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One word of a line: bytes of it, not NUL-terminated. */
struct shell_word {
	const char *s;
	size_t len;
};

/* Whether c separates words. */
static inline bool shell_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Splits text[0..len) into its words, in order, keeps the first `max` of
 * them in out[0..max) and returns how many the text has (which may be more
 * than max). text may be NULL only when len is 0.
 */
uint32_t shell_words_split(const char *text, size_t len, struct shell_word *out, uint32_t max);

/* Whether w is exactly the NUL-terminated s. */
bool shell_word_is(const struct shell_word *w, const char *s);

#endif /* SHELL_WORDS_H */
