/*
 * The shell's line editor: a state machine fed the console's input one byte
 * at a time. It keeps the line being typed and says, for every byte, what to
 * echo back to the terminal, so the shell daemon only copies bytes between
 * uartd and this editor. It does not parse the line (shell_cmd.h does).
 *
 * Bytes: printable ASCII (0x20..0x7e) is appended while the line has room
 * (a byte that does not fit is dropped and echoes BEL); backspace (0x08) and
 * DEL (0x7f) erase the last byte; Ctrl-U (0x15) erases the whole line; CR or
 * LF completes it, and an LF straight after a CR belongs to the same line
 * end, so CR, LF and CR LF terminals all give one line per Enter. Every
 * other byte (other control bytes, bytes above 0x7e) is ignored and echoes
 * nothing.
 *
 * Pure: the state lives in the caller's struct; no I/O, no globals.
 */
#ifndef SHELL_LINE_H
#define SHELL_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_LINE_MAX 320u /* bytes a line holds, without its NUL */

/* The most one byte echoes: Ctrl-U erasing a full line, "\b \b" per byte. */
#define SHELL_ECHO_MAX ((size_t)3 * SHELL_LINE_MAX)

/* Fields are the editor's own; read text and len, change them only through the calls below. */
struct shell_line {
	char text[SHELL_LINE_MAX + 1]; /* text[0..len), NUL-terminated */
	uint32_t len;
	bool after_cr; /* the last byte was a CR ending a line: an LF now is its other half */
	bool complete; /* text is a finished line; the next byte starts a new one */
	bool cut;      /* a byte past SHELL_LINE_MAX was dropped: text is not what was typed */
};

/* What to send back to the terminal for one input byte. */
struct shell_echo {
	char bytes[SHELL_ECHO_MAX];
	uint32_t len;
};

/* What a byte did to the line. */
enum shell_line_state {
	SHELL_LINE_EDITING = 0, /* keep feeding */
	SHELL_LINE_DONE = 1,	/* text[0..len) is a finished line, valid until the next feed */
};

/* Makes l an empty line. */
void shell_line_init(struct shell_line *l);

/*
 * Feeds one input byte to l and writes what to echo to *ret_echo (len 0 for
 * nothing). Returns SHELL_LINE_DONE when the byte completed the line; then
 * l->text holds it, and the next feed starts a new, empty line. Cannot fail.
 */
enum shell_line_state shell_line_feed(struct shell_line *l, uint8_t byte,
				      struct shell_echo *ret_echo);

#endif /* SHELL_LINE_H */
