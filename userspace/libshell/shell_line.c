/*
 * The line editor's state machine (see shell_line.h): one input byte in,
 * the line updated and the bytes to echo out. It knows nothing of commands.
 */
#include "shell_line.h"

enum {
	KEY_BACKSPACE = 0x08,
	KEY_LF = 0x0a,
	KEY_CR = 0x0d,
	KEY_CTRL_U = 0x15,
	KEY_DEL = 0x7f,
	KEY_FIRST_PRINTABLE = 0x20,
	KEY_LAST_PRINTABLE = 0x7e,
};

#define BEL '\a' /* echoed for a byte that does not fit */

static void echo_put(struct shell_echo *e, const char *s)
{
	while (*s != '\0')
		e->bytes[e->len++] = *s++;
}

/* Erases the last n bytes on the terminal and in the line. n <= l->len. */
static void erase(struct shell_line *l, uint32_t n, struct shell_echo *e)
{
	for (uint32_t i = 0; i < n; i++)
		echo_put(e, "\b \b");
	l->len -= n;
	l->text[l->len] = '\0';
	if (l->len == 0)
		l->cut = false; /* nothing of what was dropped is left */
}

static void append(struct shell_line *l, uint8_t byte, struct shell_echo *e)
{
	if (l->len == SHELL_LINE_MAX) {
		e->bytes[e->len++] = BEL;
		l->cut = true;
		return;
	}
	l->text[l->len++] = (char)byte;
	l->text[l->len] = '\0';
	e->bytes[e->len++] = (char)byte;
}

void shell_line_init(struct shell_line *l)
{
	l->text[0] = '\0';
	l->len = 0;
	l->after_cr = false;
	l->complete = false;
	l->cut = false;
}

enum shell_line_state shell_line_feed(struct shell_line *l, uint8_t byte,
				      struct shell_echo *ret_echo)
{
	bool after_cr = l->after_cr;

	ret_echo->len = 0;
	l->after_cr = false;
	/* the LF of a CR LF pair does nothing: the CR ended the line */
	if (after_cr && byte == KEY_LF)
		return SHELL_LINE_EDITING;
	if (l->complete)
		shell_line_init(l);
	if (byte == KEY_CR || byte == KEY_LF) {
		echo_put(ret_echo, "\r\n");
		l->after_cr = byte == KEY_CR;
		l->complete = true;
		return SHELL_LINE_DONE;
	}
	if (byte == KEY_BACKSPACE || byte == KEY_DEL)
		erase(l, l->len > 0 ? 1 : 0, ret_echo);
	else if (byte == KEY_CTRL_U)
		erase(l, l->len, ret_echo);
	else if (byte >= KEY_FIRST_PRINTABLE && byte <= KEY_LAST_PRINTABLE)
		append(l, byte, ret_echo);
	return SHELL_LINE_EDITING;
}
