/*
 * uartd's wire codecs (svc/uart.h): decoding WRITE, READ and SUBSCRIBE,
 * the replies, and the client's encoders and reply readers. Pure.
 */
#include "svc/uart.h"

#include "cairn/abi/errors.h"

static const struct svc_shape write_shape = {
	.tag = SVC_UART_WRITE, .len_min = 1, .len_max = SVC_UART_WRITE_MAX};
static const struct svc_shape read_shape = {.tag = SVC_UART_READ, .words = 1};
static const struct svc_shape subscribe_shape = {
	.tag = SVC_UART_SUBSCRIBE, .handles = 1, .words = 1};

int svc_uart_write_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			  struct svc_uart_write *ret)
{
	if (svc_shape_check(m, &write_shape) != 0)
		return ERR_INVAL;
	ret->bytes = buf->data;
	ret->len = cairn_ipc_len(m->info);
	return 0;
}

int svc_uart_read_decode(const struct svc_msg *m, uint32_t *ret_max)
{
	if (svc_shape_check(m, &read_shape) != 0 || m->w[0] == 0 || m->w[0] > SVC_UART_READ_MAX)
		return ERR_INVAL;
	*ret_max = (uint32_t)m->w[0];
	return 0;
}

static bool bits_valid(uint64_t bits)
{
	return bits != 0 && (bits & ~(uint64_t)SVC_UART_BITS_VALID) == 0;
}

int svc_uart_subscribe_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct svc_uart_subscribe *ret)
{
	const struct cairn_ipc_handle *h = &buf->handles[0];

	if (svc_shape_check(m, &subscribe_shape) != 0 || !bits_valid(m->w[0]))
		return ERR_INVAL;
	if (h->handle == CAIRN_HANDLE_INVALID ||
	    (h->rights & SVC_UART_NOTIFY_RIGHTS) != SVC_UART_NOTIFY_RIGHTS)
		return ERR_INVAL;
	ret->badge = m->badge;
	ret->bits = (uint32_t)m->w[0];
	ret->notify = h->handle;
	return 0;
}

void svc_uart_write_reply(struct svc_msg *m, uint32_t count)
{
	svc_reply_status(m, SVC_UART_WRITE, 0);
	m->w[1] = count;
}

void svc_uart_read_reply(struct svc_msg *m, uint32_t len, uint64_t dropped)
{
	svc_reply_status(m, SVC_UART_READ, 0);
	m->info = cairn_ipc_info(SVC_UART_READ, len, 0);
	m->w[1] = dropped;
}

int svc_uart_write_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const void *bytes,
			  size_t len)
{
	const uint8_t *src = bytes;

	if (len == 0 || len > SVC_UART_WRITE_MAX || bytes == NULL)
		return ERR_INVAL;
	for (size_t i = 0; i < len; i++)
		buf->data[i] = src[i];
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_UART_WRITE, (uint32_t)len, 0)};
	return 0;
}

int svc_uart_read_encode(struct svc_msg *m, uint32_t max)
{
	if (max == 0 || max > SVC_UART_READ_MAX)
		return ERR_INVAL;
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_UART_READ, 0, 0), .w = {max, 0, 0}};
	return 0;
}

int svc_uart_subscribe_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			      cairn_handle_t notify, uint32_t bits)
{
	if (notify == CAIRN_HANDLE_INVALID || !bits_valid(bits))
		return ERR_INVAL;
	buf->handles[0] = (struct cairn_ipc_handle){
		.handle = notify, .rights = SVC_UART_NOTIFY_RIGHTS, .mode = CAIRN_IPC_COPY};
	*m = (struct svc_msg){.info = cairn_ipc_info(SVC_UART_SUBSCRIBE, 0, 1), .w = {bits, 0, 0}};
	return 0;
}

int svc_uart_write_reply_decode(const struct svc_msg *m, uint32_t *ret_count)
{
	const struct svc_shape shape = {.tag = SVC_UART_WRITE, .words = 2};
	int status = svc_reply_check(m, SVC_UART_WRITE);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0 || m->w[1] == 0 || m->w[1] > SVC_UART_WRITE_MAX)
		return ERR_INVAL;
	*ret_count = (uint32_t)m->w[1];
	return 0;
}

int svc_uart_read_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			       uint32_t max, struct svc_uart_input *ret)
{
	const struct svc_shape shape = {.tag = SVC_UART_READ, .len_max = max, .words = 2};
	int status = svc_reply_check(m, SVC_UART_READ);

	if (status != 0)
		return status;
	if (svc_shape_check(m, &shape) != 0)
		return ERR_INVAL;
	ret->bytes = buf->data;
	ret->len = cairn_ipc_len(m->info);
	ret->dropped = m->w[1];
	return 0;
}

int svc_uart_subscribe_reply_decode(const struct svc_msg *m)
{
	const struct svc_shape shape = {.tag = SVC_UART_SUBSCRIBE, .words = 1};
	int status = svc_reply_check(m, SVC_UART_SUBSCRIBE);

	if (status != 0)
		return status;
	return svc_shape_check(m, &shape) != 0 ? ERR_INVAL : 0;
}
