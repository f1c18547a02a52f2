/*
 * The hosted runtime's line discipline (RFC-0020): standard input from the
 * console, cooked one typed byte at a time. Printable bytes (and tab, and
 * bytes of UTF-8 sequences) are kept and echoed; backspace or DEL erases
 * the last character (a UTF-8 sequence whole) and echoes "\b \b"; CR or LF
 * ends the line, which gets a '\n' and echoes "\r\n" (a LF right after a CR
 * is the CR's pair and is dropped); Ctrl-D at the start of a line is end of
 * file, and in the middle hands over the line so far without a '\n', as a
 * POSIX terminal does; Ctrl-C and every other control byte are dropped, as
 * are the escape sequences a terminal sends for its arrow and function keys
 * (ESC [ ... final byte, ESC O byte). A full line refuses more bytes and
 * echoes BEL.
 *
 * Pure: no system calls, no globals; the caller reads the bytes and writes
 * the echo.
 */
#ifndef HOSTED_LINE_H
#define HOSTED_LINE_H

#include <stdbool.h>
#include <stdint.h>

#define HOSTED_LINE_MAX 1024u /* bytes of a line, its '\n' included */
#define HOSTED_ECHO_MAX 3u    /* bytes one fed byte may echo */

enum hosted_line_result {
	HOSTED_LINE_MORE = 0, /* keep feeding */
	HOSTED_LINE_DONE = 1, /* text[0..len) is a line to hand over */
	HOSTED_LINE_EOF = 2,  /* end of file: Ctrl-D at the start of a line */
};

/* What to write back to the console for one fed byte. */
struct hosted_echo {
	char bytes[HOSTED_ECHO_MAX];
	uint32_t len;
};

/* Fields are the discipline's own; read text and len after HOSTED_LINE_DONE. */
struct hosted_line {
	char text[HOSTED_LINE_MAX];
	uint32_t len;
	bool after_cr; /* the last byte ended a line with CR */
	uint8_t esc;   /* where in an escape sequence the input is */
};

/* An empty line and no state: the start. */
void hosted_line_init(struct hosted_line *l);

/* Empties the line after it was handed over, keeping what the next byte must know (a CR just seen).
 */
void hosted_line_next(struct hosted_line *l);

/*
 * Feeds one typed byte: *echo gets what to echo (maybe nothing), and the
 * result says whether a line or end of file came. After HOSTED_LINE_DONE
 * or HOSTED_LINE_EOF the caller takes text[0..len) and calls
 * hosted_line_next before feeding again.
 */
enum hosted_line_result hosted_line_feed(struct hosted_line *l, uint8_t byte,
					 struct hosted_echo *echo);

#endif /* HOSTED_LINE_H */
