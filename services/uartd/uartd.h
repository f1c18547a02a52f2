/*
 * uartd's state, shared by its two threads: the main thread serves the
 * uart endpoint (main.c); the receive thread takes the UART's interrupts
 * and moves typed bytes into the input ring (rx.c). The ring and the
 * subscriber table are libuart's lock-free structures, each with one
 * writer; everything else here is set before the receive thread starts and
 * only read afterwards.
 */
#ifndef UARTD_H
#define UARTD_H

#include <stdint.h>

#include "cairn/abi/rights.h"
#include "uart16550.h"
#include "uart_ring.h"
#include "uart_subs.h"

/* Where uartd maps the UART's registers; any free page of the user window would do. */
#define UARTD_MMIO_VA 0x2000000000ull
#define UARTD_IRQ_BIT 0u /* the bit of the receive thread's notification the interrupt sets */

struct uartd {
	struct uart_io io;     /* the mapped 16550 */
	struct uart_ring ring; /* typed bytes: receive thread in, READ out */
	struct uart_subs subs; /* who to signal: main thread writes, receive thread reads */
	cairn_handle_t self;
	cairn_handle_t irq;    /* the UART's interrupt, bound to `notify` */
	cairn_handle_t notify; /* the receive thread waits here */
};

/*
 * Starts the receive thread over d (whose io, ring, subs, irq and notify
 * are ready). 0 or the ERR_* of thread_create. The thread never returns; a
 * failed wait or acknowledgement ends the whole process, so that init
 * restarts uartd rather than leave it deaf.
 */
long uartd_rx_start(struct uartd *d);

#endif /* UARTD_H */
