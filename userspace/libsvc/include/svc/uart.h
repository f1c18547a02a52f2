/*
 * uartd's protocol: clients write bytes to the console UART, read what was
 * typed, and ask to be signalled when input arrives, so a reader waits on
 * a notification instead of polling. This header owns the tags, the layouts,
 * the bounds and the pure codecs; the device and the input ring are
 * libuart's.
 *
 * SVC_UART_WRITE (any caller)
 *   request: w[0..2] 0; data: the bytes, 1..SVC_UART_WRITE_MAX, sent as
 *            they are (no translation); no handles.
 *   reply:   w[0] 0, ERR_INVAL, or ERR_TIMEOUT (the transmitter stopped
 *            taking bytes; some may have gone out); when 0: w[1] the number
 *            of bytes written, which is the request's data length.
 *
 * SVC_UART_READ (any caller; returns at once)
 *   request: w[0] the most bytes wanted, 1..SVC_UART_READ_MAX; w[1], w[2] 0;
 *            no data, no handles.
 *   reply:   w[0] 0 or ERR_INVAL; when 0: w[1] bytes uartd dropped since the
 *            previous READ because its input ring was full, w[2] 0; data:
 *            0..w[0] received bytes, oldest first (0 when none is waiting).
 *
 * SVC_UART_SUBSCRIBE (any caller; one subscription per badge)
 *   request: w[0] the bits to signal (non-zero, within the low
 *            CAIRN_NOTIFY_BITS); w[1], w[2] 0; no data; one handle: a
 *            notification, copied, with at least RIGHT_SIGNAL.
 *   reply:   w[0] 0, ERR_INVAL (malformed, or the handle is not a
 *            notification with RIGHT_SIGNAL) or ERR_NOSPC (uartd's table of
 *            subscribers is full); a new SUBSCRIBE under the same badge
 *            replaces the earlier one, so a restarted client subscribes
 *            again without leaking.
 *   After each burst of input uartd signals every subscriber's bits. The
 *   bits stay set until waited for, so a reader that READs until a reply
 *   carries no bytes and then waits misses nothing.
 */
#ifndef SVC_UART_H
#define SVC_UART_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/rights.h"
#include "svc/msg.h"

enum svc_uart_tag {
	SVC_UART_WRITE = 0x0401,
	SVC_UART_READ = 0x0402,
	SVC_UART_SUBSCRIBE = 0x0403,
};

#define SVC_UART_WRITE_MAX CAIRN_IPC_DATA_MAX /* bytes one WRITE carries */
#define SVC_UART_READ_MAX  CAIRN_IPC_DATA_MAX /* bytes one READ returns at most */
/* Every bit a SUBSCRIBE may name. */
#define SVC_UART_BITS_VALID ((uint32_t)((1ull << CAIRN_NOTIFY_BITS) - 1u))
/* Rights the notification of a SUBSCRIBE must arrive with. */
#define SVC_UART_NOTIFY_RIGHTS RIGHT_SIGNAL

/* A WRITE as uartd takes it; bytes points into the request's buffer. */
struct svc_uart_write {
	const uint8_t *bytes;
	uint32_t len; /* 1..SVC_UART_WRITE_MAX */
};

struct svc_uart_subscribe {
	uint64_t badge;	       /* the subscriber, as the kernel stamped it */
	uint32_t bits;	       /* non-zero */
	cairn_handle_t notify; /* the notification as it arrived in uartd's table */
};

/* Server side. Each decoder is 0 and *ret set, or ERR_INVAL and *ret untouched. */
int svc_uart_write_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			  struct svc_uart_write *ret);
/* *ret_max is the most bytes the reader wants. */
int svc_uart_read_decode(const struct svc_msg *m, uint32_t *ret_max);
int svc_uart_subscribe_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			      struct svc_uart_subscribe *ret);

/* The WRITE reply: status 0 and the count written. */
void svc_uart_write_reply(struct svc_msg *m, uint32_t count);
/*
 * The READ reply for the `len` bytes (at most SVC_UART_READ_MAX) the server
 * already put at buf->data, and the drop count.
 */
void svc_uart_read_reply(struct svc_msg *m, uint32_t len, uint64_t dropped);

/* Client side: requests ready to send. ERR_INVAL for a length, bit mask or handle out of bounds. */
int svc_uart_write_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf, const void *bytes,
			  size_t len);
int svc_uart_read_encode(struct svc_msg *m, uint32_t max);
/* Copies `notify` with RIGHT_SIGNAL only; the caller keeps its own handle. */
int svc_uart_subscribe_encode(struct svc_msg *m, struct cairn_ipc_buffer *buf,
			      cairn_handle_t notify, uint32_t bits);

/*
 * Reads a WRITE reply: its status when not 0, else *ret_count. ERR_INVAL
 * for a reply with data, handles or a count of 0 or over SVC_UART_WRITE_MAX.
 */
int svc_uart_write_reply_decode(const struct svc_msg *m, uint32_t *ret_count);

/* A READ reply as the client reads it; bytes points into the caller's buffer. */
struct svc_uart_input {
	const uint8_t *bytes;
	uint32_t len;
	uint64_t dropped;
};

/*
 * Reads a READ reply to a request for `max` bytes: its status when not 0,
 * else *ret. ERR_INVAL for a reply with handles, more than max bytes or a
 * non-zero w[2].
 */
int svc_uart_read_reply_decode(const struct svc_msg *m, const struct cairn_ipc_buffer *buf,
			       uint32_t max, struct svc_uart_input *ret);

/* Reads a SUBSCRIBE reply: its status; ERR_INVAL for a malformed one. */
int svc_uart_subscribe_reply_decode(const struct svc_msg *m);

#endif /* SVC_UART_H */
