/*
 * The shell's output, buffered and written to uartd in WRITE-sized pieces,
 * and the calls it makes to uartd. uartd's replies come back in the main
 * thread's IPC buffer, so a READ's bytes are copied out at once.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "shell.h"
#include "svc/client.h"
#include "svc/uart.h"

#define SHELL_PRINTF_MAX 400u /* longest text one shell_printf writes; longer is cut */

static long uart_write(cairn_handle_t uart, const void *bytes, size_t len)
{
	const struct svc_uart_write_request req = {.bytes = bytes, .bytes_len = (uint32_t)len};
	struct svc_uart_write_reply rep;
	long err = len > SVC_UART_WRITE_MAX
			   ? ERR_INVAL
			   : svc_uart_write_call(uart, &req, &rep, SVC_CALL_TIMEOUT);

	if (err == 0 && rep.count != len)
		err = ERR_INVAL;
	return err;
}

long shell_uart_read(cairn_handle_t uart, uint8_t *out, uint32_t max, uint32_t *ret_len)
{
	const struct svc_uart_read_request req = {.max = max};
	struct svc_uart_read_reply rep;
	long err = svc_uart_read_call(uart, &req, &rep, SVC_CALL_TIMEOUT);

	if (err == 0 && rep.bytes_len > max)
		err = ERR_INVAL; /* more than asked for */
	if (err != 0)
		return err;
	for (uint32_t i = 0; i < rep.bytes_len; i++)
		out[i] = rep.bytes[i];
	*ret_len = rep.bytes_len;
	return 0;
}

long shell_uart_subscribe(cairn_handle_t uart, cairn_handle_t notify, uint32_t bits)
{
	const struct svc_uart_subscribe_request req = {.bits = bits, .notify = notify};
	struct svc_uart_subscribe_reply rep;

	return svc_uart_subscribe_call(uart, &req, &rep, SVC_CALL_TIMEOUT);
}

/* Writes the buffer out; keeps the first error for shell_flush. */
static void drain(struct shell *sh)
{
	long err;

	if (sh->out_len == 0)
		return;
	err = uart_write(sh->handles[H_UART], sh->out, sh->out_len);
	if (err != 0 && sh->out_err == 0)
		sh->out_err = err;
	sh->out_len = 0;
}

static void put_byte(struct shell *sh, char c)
{
	if (sh->out_len == sizeof(sh->out))
		drain(sh);
	sh->out[sh->out_len++] = c;
}

void shell_put(struct shell *sh, const char *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (bytes[i] == '\n')
			put_byte(sh, '\r');
		put_byte(sh, bytes[i]);
	}
}

void shell_printf(struct shell *sh, const char *fmt, ...)
{
	char text[SHELL_PRINTF_MAX];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (len <= 0)
		return;
	shell_put(sh, text, (size_t)len < sizeof(text) ? (size_t)len : sizeof(text) - 1);
}

long shell_flush(struct shell *sh)
{
	long err;

	drain(sh);
	err = sh->out_err;
	sh->out_err = 0;
	return err;
}

long shell_fail(struct shell *sh, const char *cmd, const char *what, long err)
{
	shell_printf(sh, "shell: %s: %s: %s\n", cmd, what, cairn_err_name(err));
	return err < 0 ? err : ERR_INVAL;
}

void shell_sleep(struct shell *sh, uint64_t ns)
{
	/* input that comes meanwhile ends the nap early; the input loop reads before it waits */
	(void)cairn_notification_wait(sh->notify, ns);
}
