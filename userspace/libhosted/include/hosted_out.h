/*
 * The hosted runtime's output buffering (RFC-0020): what stdout and stderr
 * keep before bytes go to the console, and when they go. A buffer holds at
 * most HOSTED_OUT_MAX bytes, what one uartd WRITE carries (and less than
 * one debug_write); on the UART a '\n' goes out as "\r\n", as a terminal
 * wants. A line-buffered stream (stdout) is written out at each '\n' and
 * when full; an unbuffered one (stderr) after every byte. The runtime also
 * writes stdout out at exit and before it reads standard input.
 *
 * Pure: no system calls, no globals; the caller writes buf[0..len) out and
 * calls hosted_out_drained.
 */
#ifndef HOSTED_OUT_H
#define HOSTED_OUT_H

#include <stdbool.h>
#include <stdint.h>

#define HOSTED_OUT_MAX 240u /* SVC_UART_WRITE_MAX; under CAIRN_DEBUG_WRITE_MAX */

struct hosted_out {
	uint8_t buf[HOSTED_OUT_MAX];
	uint32_t len;
	bool crlf;	 /* '\n' goes out as "\r\n" */
	bool unbuffered; /* written out after every byte */
};

/* An empty buffer for a stream of that kind. */
void hosted_out_init(struct hosted_out *o, bool crlf, bool unbuffered);

/* Whether c (with the '\r' it may bring) fits: when not, write the buffer out first. */
bool hosted_out_fits(const struct hosted_out *o, char c);

/*
 * Adds c, which fits: true when the buffer is to be written out now (a
 * line ended, the buffer is full, or the stream is unbuffered).
 */
bool hosted_out_put(struct hosted_out *o, char c);

/* The buffer was written out: empty it. */
void hosted_out_drained(struct hosted_out *o);

#endif /* HOSTED_OUT_H */
