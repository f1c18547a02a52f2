/*
 * uartd's input ring: bytes the receive thread takes from the device (the
 * one producer) wait here for READ requests served by the main thread (the
 * one consumer). Each side writes only its own index and publishes it with
 * release order, and reads the other's with acquire order, so the two
 * threads need no lock and may run on different harts.
 *
 * Indices run freely and wrap at 2^32; the capacity is a power of two, so
 * the slot of index i is i & mask and head - tail is the fill.
 *
 * Pure: the storage is the caller's; no system calls, no globals.
 */
#ifndef UART_RING_H
#define UART_RING_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define UART_RING_CAPACITY_MAX (1u << 16)

/* Fields are the ring's own; use the calls below. */
struct uart_ring {
	uint8_t *bytes;
	uint32_t mask;		/* capacity - 1 */
	_Atomic uint32_t head;	/* producer's: the next index to fill */
	_Atomic uint32_t tail;	/* consumer's: the next index to take */
	_Atomic uint32_t drops; /* producer's: bytes that found the ring full, ever */
	uint32_t drops_seen;	/* consumer's: drops already reported */
};

/*
 * Makes r an empty ring over storage[0..capacity). ERR_INVAL unless
 * capacity is a power of two from 2 to UART_RING_CAPACITY_MAX and storage
 * is not NULL.
 */
int uart_ring_init(struct uart_ring *r, uint8_t *storage, uint32_t capacity);

/* Producer: appends byte; false (and one drop counted) when the ring is full. */
bool uart_ring_push(struct uart_ring *r, uint8_t byte);

/* Consumer: takes up to max of the oldest bytes into out; returns how many. */
uint32_t uart_ring_pop(struct uart_ring *r, uint8_t *out, uint32_t max);

/* Consumer: bytes waiting now (more may arrive at any time). */
uint32_t uart_ring_count(struct uart_ring *r);

/* Consumer: bytes dropped since the previous call (since init for the first). */
uint32_t uart_ring_take_drops(struct uart_ring *r);

#endif /* UART_RING_H */
