/*
 * uartd, the console UART's driver: clients write bytes to it, read what
 * was typed, and subscribe a notification to learn when input arrives.
 * The protocol is svc/uart.h; the 16550 logic, the input ring and the
 * subscriber table are libuart's. Input is interrupt-driven: a second
 * thread (rx.c) takes the interrupts and fills the ring. Output is polled:
 * WRITE waits on the line status for each byte. This file brings the device
 * up and marshals requests.
 *
 * Handles (manifest line in services/uartd/README.md):
 * [0] self, [1] supervisor SEND, [2] uart-mmio, [3] uart-irq,
 * [4] uart RECV, [5] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "services/uartd_handles.h"
#include "svc/client.h"
#include "svc/server.h"
#include "svc/uart.h"
#include "uartd.h"

#define UARTD_RING     1024u   /* bytes of typed input uartd holds */
#define UARTD_TX_SPINS 100000u /* line-status reads one byte may wait for the transmitter */

static uint8_t uartd_ring_bytes[UARTD_RING];

static long on_write(void *ctx, struct svc_exchange *x, const struct svc_uart_write_request *req,
		     struct svc_uart_write_reply *rep)
{
	struct uartd *d = ctx;

	(void)x;
	if (uart16550_write(&d->io, req->bytes, req->bytes_len, UARTD_TX_SPINS) != req->bytes_len)
		return ERR_TIMEOUT;
	rep->count = req->bytes_len;
	return 0;
}

static long on_read(void *ctx, struct svc_exchange *x, const struct svc_uart_read_request *req,
		    struct svc_uart_read_reply *rep)
{
	static uint8_t bytes[SVC_UART_READ_MAX];
	struct uartd *d = ctx;

	(void)x;
	rep->bytes = bytes;
	rep->bytes_len = uart_ring_pop(&d->ring, bytes, req->max);
	rep->dropped = uart_ring_take_drops(&d->ring);
	return 0;
}

/* 0 when h is a notification uartd may signal. */
static int check_notification(cairn_handle_t h)
{
	struct cairn_handle_info info = {0};

	if (cairn_handle_query(h, &info) != 0 || info.kind != KIND_NOTIFICATION ||
	    (info.rights & RIGHT_SIGNAL) == 0)
		return ERR_INVAL;
	return 0;
}

static long on_subscribe(void *ctx, struct svc_exchange *x,
			 const struct svc_uart_subscribe_request *req,
			 struct svc_uart_subscribe_reply *rep)
{
	struct uartd *d = ctx;
	cairn_handle_t old = CAIRN_HANDLE_INVALID;
	long status = check_notification(req->notify);

	(void)rep;
	if (status == 0)
		status = uart_subs_put(&d->subs, x->in.badge, req->notify, req->bits, &old);
	if (status != 0)
		return status; /* svc_serve closes the handle that came */
	if (old != CAIRN_HANDLE_INVALID)
		(void)cairn_handle_close(old);
	/* input that came before the subscription must not wait for more input */
	if (uart_ring_count(&d->ring) > 0)
		(void)cairn_notification_signal(req->notify, req->bits);
	return 0;
}

static const struct svc_uart_handlers uartd_handlers = {
	.write = on_write,
	.read = on_read,
	.subscribe = on_subscribe,
};

static uint8_t mmio_read(void *ctx, uint32_t reg)
{
	const volatile uint8_t *regs = ctx;

	return regs[reg];
}

static void mmio_write(void *ctx, uint32_t reg, uint8_t value)
{
	volatile uint8_t *regs = ctx;

	regs[reg] = value;
}

/* One line to logd, "uartd: <what>[: <error>]" (svc_log_say). */
static void uartd_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "uartd", what, err);
}

/* The device's MMIO mapped and a 16550 behind it, brought up; the ring and table empty. */
static long uartd_device_up(struct uartd *d, const cairn_handle_t *handles)
{
	long err = cairn_mmio_map(d->self, handles[H_UART_MMIO], UARTD_MMIO_VA);

	if (err < 0)
		return err;
	d->io = (struct uart_io){.read = mmio_read, .write = mmio_write};
	/* the registers' address, mapped just above */
	d->io.ctx = (void *)(uintptr_t)UARTD_MMIO_VA; // NOLINT(performance-no-int-to-ptr)
	if ((err = uart_ring_init(&d->ring, uartd_ring_bytes, UARTD_RING)) != 0)
		return err;
	uart_subs_init(&d->subs);
	return uart16550_init(&d->io);
}

/* The interrupt routed to a fresh notification and the receive thread waiting on it. */
static long uartd_irq_up(struct uartd *d, const cairn_handle_t *handles)
{
	long err = cairn_notification_create(d->self);

	if (err < 0)
		return err;
	d->notify = (cairn_handle_t)err;
	d->irq = handles[H_UART_IRQ];
	if ((err = cairn_irq_bind(d->irq, d->notify, UARTD_IRQ_BIT)) < 0)
		return err;
	/*
	 * An earlier uartd may have died between an interrupt and its
	 * acknowledgement, which leaves the line claimed and silent; acknowledge
	 * once (ERR_INVAL when nothing is claimed, which is the usual case).
	 */
	(void)cairn_irq_ack(d->irq);
	return uartd_rx_start(d);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct uartd d;
	long err;

	if (count < H_COUNT)
		return 1;
	d.self = handles[H_SELF];
	if ((err = uartd_device_up(&d, handles)) != 0) {
		uartd_log(handles[H_LOG], JOURNAL_ERROR, "no device", err);
		return 1;
	}
	if ((err = uartd_irq_up(&d, handles)) != 0) {
		uartd_log(handles[H_LOG], JOURNAL_ERROR, "no interrupt", err);
		return 1;
	}
	uartd_log(handles[H_LOG], JOURNAL_INFO, "serving", 0);
	if ((err = svc_ready(handles[H_SUPERVISOR])) != 0)
		uartd_log(handles[H_LOG], JOURNAL_WARN, "supervisor did not take READY", err);
	return (int)-svc_uart_serve(handles[H_UART], &uartd_handlers, &d);
}
