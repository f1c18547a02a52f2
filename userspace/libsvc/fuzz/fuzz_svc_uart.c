/*
 * libFuzzer target for uartd's protocol (svc/uart.h): every input is
 * decoded as a WRITE, a READ and a SUBSCRIBE request, and read as the reply
 * to each. Beyond ASan and UBSan it checks the header's promises: only the
 * decoder of the message's tag accepts it; an accepted request is within
 * its bounds, carries the kernel's badge and comes out of its encoder
 * unchanged; a refused one is ERR_INVAL and leaves the result untouched. A
 * reply read as a success is exactly what uartd's reply builder writes for
 * that result (a READ's bytes fit a request for their number and not one
 * fewer); one read as an error is an ERR_* code and leaves the result
 * untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "svc/uart.h"
#include "svc_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A request decoder's refusal: ERR_INVAL, and ret untouched. */
static void fuzz_uart_refused(int rc, const void *ret, size_t size)
{
	if (rc != ERR_INVAL)
		abort();
	svc_input_check_untouched(ret, size);
}

static void fuzz_uart_write(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_write w;
	struct svc_msg e;
	int rc;

	memset(&w, SVC_INPUT_FILL, sizeof(w));
	rc = svc_uart_write_decode(m, buf, &w);
	if (rc != 0) {
		fuzz_uart_refused(rc, &w, sizeof(w));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_WRITE || w.len == 0 || w.len > SVC_UART_WRITE_MAX ||
	    w.len != cairn_ipc_len(m->info) || w.bytes != buf->data)
		abort();
	if (svc_uart_write_encode(&e, &again, w.bytes, w.len) != 0)
		abort();
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_uart_read(const struct svc_msg *m)
{
	uint32_t max;
	struct svc_msg e;
	int rc;

	memset(&max, SVC_INPUT_FILL, sizeof(max));
	rc = svc_uart_read_decode(m, &max);
	if (rc != 0) {
		fuzz_uart_refused(rc, &max, sizeof(max));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_READ || max == 0 || max > SVC_UART_READ_MAX)
		abort();
	if (svc_uart_read_encode(&e, max) != 0)
		abort();
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_subscribe(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_subscribe s;
	struct svc_msg e;
	int rc;

	memset(&s, SVC_INPUT_FILL, sizeof(s));
	rc = svc_uart_subscribe_decode(m, buf, &s);
	if (rc != 0) {
		fuzz_uart_refused(rc, &s, sizeof(s));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_SUBSCRIBE || s.bits == 0 ||
	    s.notify != buf->handles[0].handle || s.notify == CAIRN_HANDLE_INVALID ||
	    s.badge != m->badge || (buf->handles[0].rights & RIGHT_SIGNAL) == 0)
		abort();
	if (svc_uart_subscribe_encode(&e, &again, s.notify, s.bits) != 0 ||
	    again.handles[0].rights != RIGHT_SIGNAL || again.handles[0].mode != CAIRN_IPC_COPY)
		abort();
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_write_reply(const struct svc_msg *m)
{
	uint32_t count;
	struct svc_msg e;
	int rc;

	memset(&count, SVC_INPUT_FILL, sizeof(count));
	rc = svc_uart_write_reply_decode(m, &count);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &count, sizeof(count));
		return;
	}
	if (count == 0 || count > SVC_UART_WRITE_MAX)
		abort();
	svc_uart_write_reply(&e, count);
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_read_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	struct svc_uart_input in;
	struct svc_uart_input again;
	struct svc_msg e;
	int rc;

	memset(&in, SVC_INPUT_FILL, sizeof(in));
	rc = svc_uart_read_reply_decode(m, buf, SVC_UART_READ_MAX, &in);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &in, sizeof(in));
		return;
	}
	if (in.len > SVC_UART_READ_MAX || in.bytes != buf->data)
		abort();
	if (in.len > 0 && svc_uart_read_reply_decode(m, buf, in.len, &again) != 0)
		abort();
	if (in.len > 1 && svc_uart_read_reply_decode(m, buf, in.len - 1, &again) != ERR_INVAL)
		abort();
	svc_uart_read_reply(&e, in.len, in.dropped);
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_subscribe_reply(const struct svc_msg *m)
{
	struct svc_msg e;
	int rc = svc_uart_subscribe_reply_decode(m);

	if (rc != 0) {
		svc_input_check_reply_refusal(rc, NULL, 0);
		return;
	}
	svc_reply_status(&e, SVC_UART_SUBSCRIBE, 0);
	svc_input_check_same(&e, NULL, m, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;

	svc_input_load(data, size, &m, &buf);
	fuzz_uart_write(&m, &buf);
	fuzz_uart_read(&m);
	fuzz_uart_subscribe(&m, &buf);
	fuzz_uart_write_reply(&m);
	fuzz_uart_read_reply(&m, &buf);
	fuzz_uart_subscribe_reply(&m);
	return 0;
}
