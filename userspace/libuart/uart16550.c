/*
 * 16550 bring-up, receive draining and polled transmission (uart16550.h),
 * over the caller's register accessor.
 */
#include "uart16550.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

static uint8_t reg_read(const struct uart_io *io, enum uart16550_reg reg)
{
	return io->read(io->ctx, (uint32_t)reg);
}

static void reg_write(const struct uart_io *io, enum uart16550_reg reg, uint32_t value)
{
	io->write(io->ctx, (uint32_t)reg, (uint8_t)value);
}

/* A register that keeps what is written to it: there is a 16550 behind io. */
static bool scratch_holds(const struct uart_io *io)
{
	static const uint8_t patterns[] = {0x5a, 0xa5};

	for (size_t i = 0; i < sizeof(patterns); i++) {
		reg_write(io, UART16550_SCR, patterns[i]);
		if (reg_read(io, UART16550_SCR) != patterns[i])
			return false;
	}
	return true;
}

int uart16550_init(const struct uart_io *io)
{
	if (!scratch_holds(io))
		return ERR_NOTFOUND;
	reg_write(io, UART16550_LCR, reg_read(io, UART16550_LCR) & ~UART16550_LCR_DLAB);
	reg_write(io, UART16550_IER, 0);
	reg_write(io, UART16550_FCR,
		  UART16550_FCR_ENABLE | UART16550_FCR_CLEAR_RX | UART16550_FCR_CLEAR_TX);
	reg_write(io, UART16550_MCR, UART16550_MCR_DTR | UART16550_MCR_RTS | UART16550_MCR_OUT2);
	reg_write(io, UART16550_IER, UART16550_IER_RDA);
	return 0;
}

uint32_t uart16550_drain(const struct uart_io *io, struct uart_ring *r)
{
	uint32_t n = 0;

	while (n < UART16550_DRAIN_MAX && (reg_read(io, UART16550_LSR) & UART16550_LSR_DR) != 0) {
		(void)uart_ring_push(r, reg_read(io, UART16550_RBR));
		n++;
	}
	return n;
}

/* Waits up to `spins` LSR reads for the transmitter to take a byte. */
static bool tx_ready(const struct uart_io *io, uint32_t spins)
{
	for (uint32_t i = 0; i < spins; i++) {
		if ((reg_read(io, UART16550_LSR) & UART16550_LSR_THRE) != 0)
			return true;
	}
	return false;
}

size_t uart16550_write(const struct uart_io *io, const uint8_t *bytes, size_t len, uint32_t spins)
{
	size_t sent = 0;

	while (sent < len) {
		if (bytes[sent] != UART16550_KERNEL_TAG) {
			if (!tx_ready(io, spins))
				break;
			reg_write(io, UART16550_THR, bytes[sent]);
		}
		sent++;
	}
	return sent;
}
