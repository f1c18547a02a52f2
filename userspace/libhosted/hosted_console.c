/*
 * stdin, stdout and stderr (RFC-0020) on picolibc's tiny stdio: the three
 * FILEs the C library expects the system to define, their device hooks,
 * and the bytes' way to the console. Output goes to uartd (WRITE, with
 * '\n' as "\r\n") when the program has a `uart` handle, else to the
 * kernel's debug console when it has a console handle, else nowhere;
 * stdout is line-buffered, stderr unbuffered (hosted_out.h). Input comes
 * from uartd's READ, cooked by the line discipline (hosted_line.h) with
 * its echo written back; while nothing is typed the reader waits on a
 * notification uartd signals (SUBSCRIBE), subscribing again now and then
 * in case uartd restarted. Without a `uart` handle input is end of file.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_internal.h"
#include "hosted_line.h"
#include "hosted_out.h"
#include "svc/client.h"
#include "svc/uart.h"

#define HOSTED_INPUT_BIT   1u			   /* the notification bit uartd sets */
#define HOSTED_RESUBSCRIBE (5ull * CAIRN_NS_PER_S) /* waits this long, then subscribes again */

_Static_assert(HOSTED_OUT_MAX <= SVC_UART_WRITE_MAX, "one buffer is one WRITE");

static struct hosted_out hosted_stdout_buf;
static struct hosted_out hosted_stderr_buf;

/* Standard input: the raw bytes read and not yet fed, and the line being cooked or read. */
static struct {
	uint8_t raw[SVC_UART_READ_MAX];
	uint32_t raw_at;
	uint32_t raw_len;
	struct hosted_line line;
	uint32_t line_at; /* bytes of a finished line read so far */
	bool line_ready;  /* line.text[line_at..line.len) is readable */
	cairn_handle_t notify;
} hosted_in;

/* Writes bytes to the console: 0, or the error. Without a console they are dropped. */
static long console_put(const uint8_t *bytes, size_t n)
{
	if (hosted_state.uart != CAIRN_HANDLE_INVALID) {
		while (n > 0) {
			uint32_t chunk = n < SVC_UART_WRITE_MAX ? (uint32_t)n : SVC_UART_WRITE_MAX;
			const struct svc_uart_write_request req = {.bytes = bytes,
								   .bytes_len = chunk};
			struct svc_uart_write_reply rep = {0};
			long rc = svc_uart_write_call(hosted_state.uart, &req, &rep,
						      SVC_CALL_TIMEOUT);

			if (rc == 0 && rep.count != chunk)
				rc = ERR_IO;
			if (rc != 0)
				return rc;
			bytes += chunk;
			n -= chunk;
		}
		return 0;
	}
	if (hosted_state.console != CAIRN_HANDLE_INVALID)
		return cairn_write(hosted_state.console, (const char *)bytes, n);
	return 0;
}

/* Writes a stream's buffer out: 0, or -1 with errno EIO. */
static int drain(struct hosted_out *o)
{
	long rc = console_put(o->buf, o->len);

	hosted_out_drained(o);
	if (rc != 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* One byte into a stream's buffer, written out when the buffer says so. */
static int put_byte(struct hosted_out *o, char c)
{
	if (!hosted_out_fits(o, c) && drain(o) != 0)
		return -1;
	if (hosted_out_put(o, c) && drain(o) != 0)
		return -1;
	return 0;
}

static int stdout_put(char c, FILE *f)
{
	(void)f;
	return put_byte(&hosted_stdout_buf, c);
}

static int stderr_put(char c, FILE *f)
{
	(void)f;
	return put_byte(&hosted_stderr_buf, c);
}

static int stdout_flush(FILE *f)
{
	(void)f;
	return hosted_stdout_buf.len == 0 ? 0 : drain(&hosted_stdout_buf);
}

static int stdin_get(FILE *f)
{
	uint8_t c;
	long n;

	(void)f;
	n = hosted_console_read(&c, 1);
	if (n == 1)
		return c;
	return n == 0 ? _FDEV_EOF : _FDEV_ERR;
}

static FILE hosted_stdin = FDEV_SETUP_STREAM(NULL, stdin_get, NULL, _FDEV_SETUP_READ);
static FILE hosted_stdout = FDEV_SETUP_STREAM(stdout_put, NULL, stdout_flush, _FDEV_SETUP_WRITE);
static FILE hosted_stderr = FDEV_SETUP_STREAM(stderr_put, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdin = &hosted_stdin;
FILE *const stdout = &hosted_stdout;
FILE *const stderr = &hosted_stderr;

void hosted_console_start(void)
{
	bool crlf = hosted_state.uart != CAIRN_HANDLE_INVALID;

	hosted_out_init(&hosted_stdout_buf, crlf, false);
	hosted_out_init(&hosted_stderr_buf, crlf, true);
	hosted_line_init(&hosted_in.line);
}

void hosted_console_flush(void)
{
	(void)stdout_flush(stdout);
}

bool hosted_console_is(int fd)
{
	return fd >= 0 && fd <= 2;
}

long hosted_console_write(int fd, const void *buf, size_t n)
{
	struct hosted_out *o = fd == 2 ? &hosted_stderr_buf : &hosted_stdout_buf;
	const char *bytes = buf;

	for (size_t i = 0; i < n; i++) {
		if (put_byte(o, bytes[i]) != 0)
			return -1;
	}
	/* write() hands its bytes over: nothing of them waits in the buffer */
	if (o->len > 0 && drain(o) != 0)
		return -1;
	return (long)n;
}

/* Subscribes for input, making the notification the first time: 0 or the error. */
static long subscribe(void)
{
	struct svc_uart_subscribe_reply rep;
	struct svc_uart_subscribe_request req = {.bits = HOSTED_INPUT_BIT};

	if (hosted_in.notify == CAIRN_HANDLE_INVALID) {
		long n = cairn_notification_create(hosted_self());

		if (n < 0)
			return n;
		hosted_in.notify = (cairn_handle_t)n;
	}
	req.notify = hosted_in.notify;
	return svc_uart_subscribe_call(hosted_state.uart, &req, &rep, SVC_CALL_TIMEOUT);
}

/* Reads what uartd holds into raw, waiting while nothing is typed: 0 or the error. */
static long fetch(void)
{
	const struct svc_uart_read_request req = {.max = sizeof(hosted_in.raw)};

	for (;;) {
		struct svc_uart_read_reply rep = {0};
		long rc = svc_uart_read_call(hosted_state.uart, &req, &rep, SVC_CALL_TIMEOUT);

		if (rc == 0 && rep.bytes_len > sizeof(hosted_in.raw))
			rc = ERR_IO;
		if (rc != 0)
			return rc;
		if (rep.bytes_len > 0) {
			/* the bytes are in the IPC buffer, which the next call reuses */
			memcpy(hosted_in.raw, rep.bytes, rep.bytes_len);
			hosted_in.raw_at = 0;
			hosted_in.raw_len = rep.bytes_len;
			return 0;
		}
		if (hosted_in.notify == CAIRN_HANDLE_INVALID && (rc = subscribe()) != 0)
			return rc;
		/* bits set since the READ stay set, so no input is missed */
		if (cairn_notification_wait(hosted_in.notify, HOSTED_RESUBSCRIBE) == ERR_TIMEOUT)
			(void)subscribe();
	}
}

/*
 * Feeds raw bytes to the line discipline until a line or end of file
 * comes, writing the echo back: HOSTED_LINE_DONE, HOSTED_LINE_EOF, or
 * HOSTED_LINE_MORE when the raw bytes ran out first; or the echo's error.
 */
static long cook(void)
{
	uint8_t echoed[sizeof(hosted_in.raw) * HOSTED_ECHO_MAX];
	size_t n = 0;
	enum hosted_line_result r = HOSTED_LINE_MORE;
	long rc;

	while (r == HOSTED_LINE_MORE && hosted_in.raw_at < hosted_in.raw_len) {
		struct hosted_echo echo;

		r = hosted_line_feed(&hosted_in.line, hosted_in.raw[hosted_in.raw_at++], &echo);
		memcpy(&echoed[n], echo.bytes, echo.len);
		n += echo.len;
	}
	rc = console_put(echoed, n);
	return rc != 0 ? rc : (long)r;
}

/* A line for the reader: 0 with one ready, 1 at end of file, or the error. */
static long next_line(void)
{
	hosted_console_flush(); /* a prompt shows before the program waits for its answer */
	for (;;) {
		long r = hosted_in.raw_at < hosted_in.raw_len ? cook() : fetch();

		if (r < 0)
			return r;
		if (r == HOSTED_LINE_DONE) {
			hosted_in.line_ready = true;
			hosted_in.line_at = 0;
			return 0;
		}
		if (r == HOSTED_LINE_EOF) {
			hosted_line_next(&hosted_in.line);
			return 1;
		}
	}
}

long hosted_console_read(void *buf, size_t n)
{
	uint32_t k;
	long rc;

	if (n == 0)
		return 0;
	if (!hosted_in.line_ready) {
		if (hosted_state.uart == CAIRN_HANDLE_INVALID)
			return 0;
		rc = next_line();
		if (rc != 0) {
			if (rc > 0)
				return 0;
			errno = EIO;
			return -1;
		}
	}
	k = hosted_in.line.len - hosted_in.line_at;
	if (k > n)
		k = (uint32_t)n;
	memcpy(buf, &hosted_in.line.text[hosted_in.line_at], k);
	hosted_in.line_at += k;
	if (hosted_in.line_at == hosted_in.line.len) {
		hosted_in.line_ready = false;
		hosted_line_next(&hosted_in.line);
	}
	return (long)k;
}
