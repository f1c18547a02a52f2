/*
 * The single-producer, single-consumer input ring (uart_ring.h). The
 * producer stores a byte, then publishes head (release); the consumer reads
 * head (acquire), then the bytes, then publishes tail (release), which the
 * producer reads (acquire) before reusing a slot.
 */
#include "uart_ring.h"

#include <stddef.h>

#include "cairn/abi/errors.h"

int uart_ring_init(struct uart_ring *r, uint8_t *storage, uint32_t capacity)
{
	if (storage == NULL || capacity < 2 || capacity > UART_RING_CAPACITY_MAX ||
	    (capacity & (capacity - 1)) != 0)
		return ERR_INVAL;
	r->bytes = storage;
	r->mask = capacity - 1;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	atomic_init(&r->drops, 0);
	r->drops_seen = 0;
	return 0;
}

bool uart_ring_push(struct uart_ring *r, uint8_t byte)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);

	if (head - tail > r->mask) {
		atomic_fetch_add_explicit(&r->drops, 1, memory_order_relaxed);
		return false;
	}
	r->bytes[head & r->mask] = byte;
	atomic_store_explicit(&r->head, head + 1, memory_order_release);
	return true;
}

uint32_t uart_ring_pop(struct uart_ring *r, uint8_t *out, uint32_t max)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	uint32_t n = head - tail;

	if (n > max)
		n = max;
	for (uint32_t i = 0; i < n; i++)
		out[i] = r->bytes[(tail + i) & r->mask];
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

uint32_t uart_ring_count(struct uart_ring *r)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);

	return atomic_load_explicit(&r->head, memory_order_acquire) - tail;
}

uint32_t uart_ring_take_drops(struct uart_ring *r)
{
	uint32_t drops = atomic_load_explicit(&r->drops, memory_order_relaxed);
	uint32_t fresh = drops - r->drops_seen;

	r->drops_seen = drops;
	return fresh;
}
