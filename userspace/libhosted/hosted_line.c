/*
 * The line discipline of hosted_line.h: a byte at a time, an escape
 * sequence state and the line being edited.
 */
#include "hosted_line.h"

#define BYTE_CTRL_C 0x03u
#define BYTE_CTRL_D 0x04u
#define BYTE_BS	    0x08u
#define BYTE_TAB    0x09u
#define BYTE_LF	    0x0au
#define BYTE_CR	    0x0du
#define BYTE_ESC    0x1bu
#define BYTE_DEL    0x7fu

/* Escape sequence states. */
enum { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_SS3 };

void hosted_line_init(struct hosted_line *l)
{
	l->len = 0;
	l->after_cr = false;
	l->esc = ESC_NONE;
}

void hosted_line_next(struct hosted_line *l)
{
	l->len = 0;
}

static void echo_add(struct hosted_echo *echo, const char *bytes, uint32_t n)
{
	for (uint32_t i = 0; i < n && echo->len < HOSTED_ECHO_MAX; i++)
		echo->bytes[echo->len++] = bytes[i];
}

/* Whether byte is swallowed as part of an escape sequence (and moves its state). */
static bool in_escape(struct hosted_line *l, uint8_t byte)
{
	switch (l->esc) {
	case ESC_SEEN:
		l->esc = byte == '[' ? ESC_CSI : byte == 'O' ? ESC_SS3 : ESC_NONE;
		return true;
	case ESC_CSI:
		/* parameters and intermediates (0x20..0x3f) until a final byte (0x40..0x7e) */
		if (byte < 0x20u || byte > 0x3fu)
			l->esc = ESC_NONE;
		return true;
	case ESC_SS3:
		l->esc = ESC_NONE;
		return true;
	default:
		if (byte != BYTE_ESC)
			return false;
		l->esc = ESC_SEEN;
		return true;
	}
}

/* Erases the last character: a UTF-8 sequence's continuation bytes go with their lead byte. */
static void erase(struct hosted_line *l, struct hosted_echo *echo)
{
	if (l->len == 0)
		return;
	while (l->len > 1 && ((uint8_t)l->text[l->len - 1] & 0xc0u) == 0x80u)
		l->len--;
	l->len--;
	echo_add(echo, "\b \b", 3);
}

/* Keeps byte and echoes it; BEL when the line has no room left beside its '\n'. */
static void keep(struct hosted_line *l, uint8_t byte, struct hosted_echo *echo)
{
	char c = (char)byte;

	if (l->len + 1 >= HOSTED_LINE_MAX) {
		echo_add(echo, "\a", 1);
		return;
	}
	l->text[l->len++] = c;
	echo_add(echo, &c, 1);
}

static bool is_kept(uint8_t byte)
{
	return byte == BYTE_TAB || (byte >= 0x20u && byte != BYTE_DEL);
}

enum hosted_line_result hosted_line_feed(struct hosted_line *l, uint8_t byte,
					 struct hosted_echo *echo)
{
	bool after_cr = l->after_cr;

	echo->len = 0;
	l->after_cr = false;
	if (in_escape(l, byte))
		return HOSTED_LINE_MORE;
	if (byte == BYTE_CR || (byte == BYTE_LF && !after_cr)) {
		l->text[l->len++] = '\n'; /* keep() leaves room for it */
		l->after_cr = byte == BYTE_CR;
		echo_add(echo, "\r\n", 2);
		return HOSTED_LINE_DONE;
	}
	if (byte == BYTE_CTRL_D)
		return l->len == 0 ? HOSTED_LINE_EOF : HOSTED_LINE_DONE;
	if (byte == BYTE_BS || byte == BYTE_DEL)
		erase(l, echo);
	else if (is_kept(byte))
		keep(l, byte, echo);
	/* LF after CR, Ctrl-C and the other control bytes: dropped */
	return HOSTED_LINE_MORE;
}
