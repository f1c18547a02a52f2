/*
 * libFuzzer target for uartd's protocol (svc/uart.h, generated from
 * idl/uart.yaml): every input is
 * decoded as a WRITE, a READ and a SUBSCRIBE request, and read as the reply
 * to each. Beyond ASan and UBSan it checks the header's promises: only the
 * decoder of the message's tag accepts it; an accepted request or reply is
 * within its bounds and comes out of its encoder unchanged; a refused
 * request is ERR_INVAL and a refused reply an ERR_* code, each leaving the
 * result untouched.
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
	struct svc_uart_write_request w;
	struct svc_msg e;
	int rc;

	memset(&w, SVC_INPUT_FILL, sizeof(w));
	rc = svc_uart_write_request_decode(m, buf, &w);
	if (rc != 0) {
		fuzz_uart_refused(rc, &w, sizeof(w));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_WRITE || w.bytes_len == 0 ||
	    w.bytes_len > SVC_UART_WRITE_MAX || w.bytes_len != cairn_ipc_len(m->info) ||
	    w.bytes != buf->data)
		abort();
	if (svc_uart_write_request_encode(&e, &again, &w) != 0)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_uart_read(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_read_request r;
	struct svc_msg e;
	int rc;

	memset(&r, SVC_INPUT_FILL, sizeof(r));
	rc = svc_uart_read_request_decode(m, buf, &r);
	if (rc != 0) {
		fuzz_uart_refused(rc, &r, sizeof(r));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_READ || r.max == 0 || r.max > SVC_UART_READ_MAX)
		abort();
	if (svc_uart_read_request_encode(&e, &again, &r) != 0)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_subscribe(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_subscribe_request s;
	struct svc_msg e;
	int rc;

	memset(&s, SVC_INPUT_FILL, sizeof(s));
	rc = svc_uart_subscribe_request_decode(m, buf, &s);
	if (rc != 0) {
		fuzz_uart_refused(rc, &s, sizeof(s));
		return;
	}
	if (cairn_ipc_tag(m->info) != SVC_UART_SUBSCRIBE || s.bits == 0 ||
	    s.notify != buf->handles[0].handle || s.notify == CAIRN_HANDLE_INVALID ||
	    (buf->handles[0].rights & RIGHT_SIGNAL) == 0)
		abort();
	if (svc_uart_subscribe_request_encode(&e, &again, &s) != 0 ||
	    again.handles[0].rights != RIGHT_SIGNAL || again.handles[0].mode != CAIRN_IPC_COPY)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_write_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_write_reply r;
	struct svc_msg e;
	int rc;

	memset(&r, SVC_INPUT_FILL, sizeof(r));
	rc = svc_uart_write_reply_decode(m, buf, &r);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &r, sizeof(r));
		return;
	}
	if (r.count == 0 || r.count > SVC_UART_WRITE_MAX)
		abort();
	if (svc_uart_write_reply_encode(&e, &again, &r) != 0)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, NULL, m, NULL);
}

static void fuzz_uart_read_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_read_reply r;
	struct svc_msg e;
	int rc;

	memset(&r, SVC_INPUT_FILL, sizeof(r));
	rc = svc_uart_read_reply_decode(m, buf, &r);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &r, sizeof(r));
		return;
	}
	if (r.bytes_len > SVC_UART_READ_MAX || r.bytes != buf->data)
		abort();
	if (svc_uart_read_reply_encode(&e, &again, &r) != 0)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, &again, m, buf);
}

static void fuzz_uart_subscribe_reply(const struct svc_msg *m, const struct cairn_ipc_buffer *buf)
{
	static struct cairn_ipc_buffer again;
	struct svc_uart_subscribe_reply r;
	struct svc_msg e;
	int rc;

	memset(&r, SVC_INPUT_FILL, sizeof(r));
	rc = svc_uart_subscribe_reply_decode(m, buf, &r);
	if (rc != 0) {
		svc_input_check_reply_refusal(rc, &r, sizeof(r));
		return;
	}
	if (svc_uart_subscribe_reply_encode(&e, &again, &r) != 0)
		abort();
	e.badge = m->badge;
	svc_input_check_same(&e, NULL, m, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cairn_ipc_buffer buf;
	struct svc_msg m;

	svc_input_load(data, size, &m, &buf);
	fuzz_uart_write(&m, &buf);
	fuzz_uart_read(&m, &buf);
	fuzz_uart_subscribe(&m, &buf);
	fuzz_uart_write_reply(&m, &buf);
	fuzz_uart_read_reply(&m, &buf);
	fuzz_uart_subscribe_reply(&m, &buf);
	return 0;
}
