/*
 * The 16550 UART as uartd drives it: the register map, bring-up, moving
 * received bytes into the input ring, and polled transmission. The
 * registers are reached through a caller-given accessor, so this code runs
 * on the real device in uartd (volatile MMIO) and on a model in the host
 * tests; it knows nothing of interrupts, notifications or IPC.
 *
 * Bring-up leaves the line settings (speed, word length) as the firmware
 * set them: OpenSBI prints through the same UART, and so does the kernel
 * through OpenSBI.
 *
 * Pure: no system calls, no globals; every loop is bounded.
 */
#ifndef UART16550_H
#define UART16550_H

#include <stddef.h>
#include <stdint.h>

#include "uart_ring.h"

/* Register offsets with a register shift of 0 (QEMU virt's ns16550a). */
enum uart16550_reg {
	UART16550_RBR = 0, /* read: receive buffer */
	UART16550_THR = 0, /* write: transmit holding */
	UART16550_IER = 1, /* interrupt enable */
	UART16550_FCR = 2, /* write: FIFO control */
	UART16550_LCR = 3, /* line control */
	UART16550_MCR = 4, /* modem control */
	UART16550_LSR = 5, /* line status */
	UART16550_SCR = 7, /* scratch */
};
#define UART16550_REGS 8u /* bytes of register space */

#define UART16550_IER_RDA 0x01u /* interrupt when received data is available */

#define UART16550_FCR_ENABLE   0x01u /* FIFOs on; receive trigger level 1 byte */
#define UART16550_FCR_CLEAR_RX 0x02u
#define UART16550_FCR_CLEAR_TX 0x04u

#define UART16550_LCR_DLAB 0x80u /* registers 0 and 1 are the divisor while set */

#define UART16550_MCR_DTR  0x01u
#define UART16550_MCR_RTS  0x02u
#define UART16550_MCR_OUT2 0x08u /* gates the interrupt line on PC-style boards */

#define UART16550_LSR_DR   0x01u /* a received byte is waiting in RBR */
#define UART16550_LSR_THRE 0x20u /* the transmitter takes another byte */

/* How this code reaches the registers; reg is an enum uart16550_reg. */
struct uart_io {
	uint8_t (*read)(void *ctx, uint32_t reg);
	void (*write)(void *ctx, uint32_t reg, uint8_t value);
	void *ctx;
};

/*
 * Checks that a 16550 answers (the scratch register keeps two patterns),
 * then brings it up for interrupt-driven input: divisor latch off,
 * interrupts off, FIFOs on and cleared, DTR, RTS and OUT2 on (loopback
 * off), and the received-data interrupt on. 0, or ERR_NOTFOUND when the
 * scratch test fails (nothing else is written then).
 */
int uart16550_init(const struct uart_io *io);

/* The most bytes one uart16550_drain reads, so a device stuck saying "data" cannot hold it. */
#define UART16550_DRAIN_MAX 512u

/*
 * Moves received bytes into r (as its producer) while LSR says one is
 * waiting, at most UART16550_DRAIN_MAX of them; a byte that finds r full is
 * counted as dropped there. Returns the bytes read from the device.
 */
uint32_t uart16550_drain(const struct uart_io *io, struct uart_ring *r);

/*
 * The byte that starts every console line the kernel writes (RFC-0006). Only
 * the kernel may send it: uart16550_write drops it from a client's bytes, so
 * no line a client writes can claim the kernel's or a process's tag.
 */
#define UART16550_KERNEL_TAG 0x01u

/*
 * Writes bytes[0..len) to the transmitter, each once LSR says it takes one,
 * reading LSR at most `spins` times per byte; UART16550_KERNEL_TAG bytes are
 * taken but never sent. Returns how many bytes were taken: len, or fewer
 * when the transmitter stayed busy for `spins` reads.
 */
size_t uart16550_write(const struct uart_io *io, const uint8_t *bytes, size_t len, uint32_t spins);

#endif /* UART16550_H */
