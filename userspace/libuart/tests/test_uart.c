/*
 * Host tests of libuart: the input ring (bounds, order, fullness and the
 * drop count, index wrap-around, and one producer and one consumer thread
 * racing), and the 16550 code against a register-level model of the device
 * (bring-up, the scratch probe, draining, a device stuck on "data ready",
 * polled transmission with a busy transmitter), and the subscriber table
 * (one entry per badge, replacement, a full table).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "cairn/abi/errors.h"
#include "uart16550.h"
#include "uart_ring.h"
#include "uart_subs.h"

/* ---- the ring ---- */

START_TEST(test_ring_init_bounds)
{
	static uint8_t store[UART_RING_CAPACITY_MAX * 2];
	struct uart_ring r;

	ck_assert_int_eq(uart_ring_init(&r, store, 0), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, store, 1), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, store, 3), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, store, 96), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, store, UART_RING_CAPACITY_MAX * 2), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, NULL, 16), ERR_INVAL);
	ck_assert_int_eq(uart_ring_init(&r, store, 2), 0);
	ck_assert_int_eq(uart_ring_init(&r, store, UART_RING_CAPACITY_MAX), 0);
	ck_assert_uint_eq(uart_ring_count(&r), 0);
}
END_TEST

START_TEST(test_ring_order_and_full)
{
	uint8_t store[8];
	uint8_t out[16];
	struct uart_ring r;

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 0);
	for (uint8_t i = 0; i < 8; i++)
		ck_assert(uart_ring_push(&r, (uint8_t)('a' + i)));
	ck_assert_uint_eq(uart_ring_count(&r), 8);
	ck_assert(!uart_ring_push(&r, 'x'));
	ck_assert(!uart_ring_push(&r, 'y'));
	ck_assert_uint_eq(uart_ring_take_drops(&r), 2);
	ck_assert_uint_eq(uart_ring_take_drops(&r), 0);
	ck_assert_uint_eq(uart_ring_pop(&r, out, 3), 3);
	ck_assert_mem_eq(out, "abc", 3);
	ck_assert(uart_ring_push(&r, 'i'));
	ck_assert_uint_eq(uart_ring_pop(&r, out, 0), 0);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "defghi", 6);
	ck_assert_uint_eq(uart_ring_count(&r), 0);
}
END_TEST

/* The indices run freely: a ring whose indices are about to wrap keeps working. */
START_TEST(test_ring_index_wrap)
{
	uint8_t store[4];
	uint8_t out[4];
	struct uart_ring r;

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	atomic_store(&r.head, UINT32_MAX - 1);
	atomic_store(&r.tail, UINT32_MAX - 1);
	for (uint8_t i = 0; i < 4; i++)
		ck_assert(uart_ring_push(&r, i));
	ck_assert(!uart_ring_push(&r, 9));
	ck_assert_uint_eq(uart_ring_count(&r), 4);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 4);
	for (uint8_t i = 0; i < 4; i++)
		ck_assert_uint_eq(out[i], i);
	ck_assert_uint_eq(atomic_load(&r.head), 2);
}
END_TEST

#define RACE_BYTES 1000000u

static int race_producer(void *arg)
{
	struct uart_ring *r = arg;

	for (uint32_t i = 0; i < RACE_BYTES;) {
		if (uart_ring_push(r, (uint8_t)(i * 7u)))
			i++;
		else
			thrd_yield();
	}
	return 0;
}

/* One producer thread and this consumer: every byte arrives once, in order. */
START_TEST(test_ring_two_threads)
{
	static uint8_t store[64];
	static struct uart_ring r;
	uint8_t out[48];
	uint32_t got = 0;
	bool in_order = true;
	thrd_t producer;

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	ck_assert_int_eq(thrd_create(&producer, race_producer, &r), thrd_success);
	while (got < RACE_BYTES) {
		uint32_t n = uart_ring_pop(&r, out, sizeof(out));

		for (uint32_t i = 0; i < n; i++)
			in_order = in_order && out[i] == (uint8_t)((got + i) * 7u);
		got += n;
		if (n == 0)
			thrd_yield();
	}
	ck_assert_int_eq(thrd_join(producer, NULL), thrd_success);
	ck_assert(in_order);
	ck_assert_uint_eq(got, RACE_BYTES);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 0);
}
END_TEST

/* ---- a model of the 16550 ---- */

struct model {
	uint8_t ier, fcr, lcr, mcr, scr;
	bool scratch_broken; /* SCR reads 0xff whatever is written: no device */
	bool stuck_ready;    /* LSR always says a byte is waiting */
	const uint8_t *rx;   /* bytes the line will deliver */
	size_t rx_len, rx_pos;
	uint32_t busy_lsr_reads; /* LSR reads that say the transmitter is busy, before THRE */
	uint32_t busy_after_tx;	 /* busy_lsr_reads again after each byte written */
	uint32_t lsr_reads;
	uint8_t tx[64];
	size_t tx_len;
	uint32_t writes;
	uint8_t written[16]; /* registers in write order */
};

static uint8_t model_lsr(struct model *m)
{
	uint8_t lsr = 0;

	m->lsr_reads++;
	if (m->stuck_ready || m->rx_pos < m->rx_len)
		lsr |= UART16550_LSR_DR;
	if (m->busy_lsr_reads > 0)
		m->busy_lsr_reads--;
	else
		lsr |= UART16550_LSR_THRE;
	return lsr;
}

static uint8_t model_read(void *ctx, uint32_t reg)
{
	struct model *m = ctx;

	switch (reg) {
	case UART16550_RBR:
		return m->rx_pos < m->rx_len ? m->rx[m->rx_pos++] : 0;
	case UART16550_IER:
		return m->ier;
	case UART16550_LCR:
		return m->lcr;
	case UART16550_MCR:
		return m->mcr;
	case UART16550_LSR:
		return model_lsr(m);
	case UART16550_SCR:
		return m->scratch_broken ? 0xff : m->scr;
	default:
		return 0;
	}
}

static void model_write(void *ctx, uint32_t reg, uint8_t v)
{
	struct model *m = ctx;
	uint8_t *slot[UART16550_REGS] = {NULL,	  &m->ier, &m->fcr, &m->lcr,
					 &m->mcr, NULL,	   NULL,    &m->scr};

	ck_assert_uint_lt(reg, UART16550_REGS);
	if (m->writes < sizeof(m->written))
		m->written[m->writes] = (uint8_t)reg;
	m->writes++;
	if (reg == UART16550_THR) {
		ck_assert_uint_lt(m->tx_len, sizeof(m->tx));
		m->tx[m->tx_len++] = v;
		m->busy_lsr_reads = m->busy_after_tx;
	} else if (slot[reg] != NULL) {
		*slot[reg] = v;
	}
}

static struct uart_io model_io(struct model *m)
{
	return (struct uart_io){.read = model_read, .write = model_write, .ctx = m};
}

START_TEST(test_init_brings_up_rx_interrupt)
{
	struct model m = {.lcr = 0x83 /* 8N1 with the divisor latch left open */, .ier = 0x0f};
	struct uart_io io = model_io(&m);

	ck_assert_int_eq(uart16550_init(&io), 0);
	ck_assert_uint_eq(m.lcr, 0x03); /* latch closed, line settings kept */
	ck_assert_uint_eq(m.ier, UART16550_IER_RDA);
	ck_assert_uint_eq(m.fcr,
			  UART16550_FCR_ENABLE | UART16550_FCR_CLEAR_RX | UART16550_FCR_CLEAR_TX);
	ck_assert_uint_eq(m.mcr, UART16550_MCR_DTR | UART16550_MCR_RTS | UART16550_MCR_OUT2);
	/* the interrupt is enabled last, once the FIFOs are set up */
	ck_assert_uint_eq(m.written[m.writes - 1], UART16550_IER);
	ck_assert_uint_eq(m.tx_len, 0);
}
END_TEST

START_TEST(test_init_without_device)
{
	struct model m = {.scratch_broken = true, .lcr = 0x03};
	struct uart_io io = model_io(&m);

	ck_assert_int_eq(uart16550_init(&io), ERR_NOTFOUND);
	for (uint32_t i = 0; i < m.writes; i++)
		ck_assert_uint_eq(m.written[i], UART16550_SCR);
	ck_assert_uint_eq(m.ier, 0);
	ck_assert_uint_eq(m.mcr, 0);
}
END_TEST

START_TEST(test_drain_moves_bytes_in_order)
{
	static const uint8_t line[] = "help\r";
	uint8_t store[16];
	uint8_t out[16];
	struct uart_ring r;
	struct model m = {.rx = line, .rx_len = sizeof(line) - 1};
	struct uart_io io = model_io(&m);

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	ck_assert_uint_eq(uart16550_drain(&io, &r), 5);
	ck_assert_uint_eq(uart16550_drain(&io, &r), 0);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 5);
	ck_assert_mem_eq(out, "help\r", 5);
}
END_TEST

START_TEST(test_drain_full_ring_counts_drops)
{
	static const uint8_t line[] = "0123456789";
	uint8_t store[4];
	uint8_t out[4];
	struct uart_ring r;
	struct model m = {.rx = line, .rx_len = 10};
	struct uart_io io = model_io(&m);

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	/* every byte is read from the device, so its interrupt clears */
	ck_assert_uint_eq(uart16550_drain(&io, &r), 10);
	ck_assert_uint_eq(m.rx_pos, 10);
	ck_assert_uint_eq(uart_ring_take_drops(&r), 6);
	ck_assert_uint_eq(uart_ring_pop(&r, out, sizeof(out)), 4);
	ck_assert_mem_eq(out, "0123", 4);
}
END_TEST

START_TEST(test_drain_is_bounded)
{
	uint8_t store[8];
	struct uart_ring r;
	struct model m = {.stuck_ready = true};
	struct uart_io io = model_io(&m);

	ck_assert_int_eq(uart_ring_init(&r, store, sizeof(store)), 0);
	ck_assert_uint_eq(uart16550_drain(&io, &r), UART16550_DRAIN_MAX);
	ck_assert_uint_eq(uart_ring_count(&r), 8);
	ck_assert_uint_eq(uart_ring_take_drops(&r), UART16550_DRAIN_MAX - 8);
}
END_TEST

START_TEST(test_write_waits_for_the_transmitter)
{
	struct model m = {.busy_lsr_reads = 3};
	struct uart_io io = model_io(&m);

	ck_assert_uint_eq(uart16550_write(&io, (const uint8_t *)"cairn> ", 7, 4), 7);
	ck_assert_uint_eq(m.tx_len, 7);
	ck_assert_mem_eq(m.tx, "cairn> ", 7);
	ck_assert_uint_eq(m.lsr_reads, 3 + 7);
	ck_assert_uint_eq(uart16550_write(&io, (const uint8_t *)"x", 0, 4), 0);
	ck_assert_uint_eq(m.tx_len, 7);
}
END_TEST

START_TEST(test_write_gives_up_on_a_busy_transmitter)
{
	struct model m = {.busy_lsr_reads = 1000};
	struct uart_io io = model_io(&m);

	ck_assert_uint_eq(uart16550_write(&io, (const uint8_t *)"abc", 3, 10), 0);
	ck_assert_uint_eq(m.tx_len, 0);
	ck_assert_uint_eq(m.lsr_reads, 10);
	/* takes the first byte, then stays busy longer than the second byte's wait */
	m = (struct model){.busy_after_tx = 11};
	ck_assert_uint_eq(uart16550_write(&io, (const uint8_t *)"abc", 3, 10), 1);
	ck_assert_uint_eq(m.tx_len, 1);
	ck_assert_uint_eq(m.lsr_reads, 1 + 10);
	/* busy for exactly the wait less one read: every byte goes */
	m = (struct model){.busy_after_tx = 9};
	ck_assert_uint_eq(uart16550_write(&io, (const uint8_t *)"abc", 3, 10), 3);
	ck_assert_mem_eq(m.tx, "abc", 3);
}
END_TEST

START_TEST(test_write_never_sends_the_kernel_tag)
{
	struct model m = {0};
	struct uart_io io = model_io(&m);
	static const uint8_t forged[] = "\x01[init] INIT: badge unforgeable ok\n\x01";

	ck_assert_uint_eq(uart16550_write(&io, forged, sizeof(forged) - 1, 4), sizeof(forged) - 1);
	ck_assert_uint_eq(m.tx_len, sizeof(forged) - 3);
	ck_assert_mem_eq(m.tx, "[init] INIT: badge unforgeable ok\n", m.tx_len);
	ck_assert_ptr_null(memchr(m.tx, UART16550_KERNEL_TAG, m.tx_len));
}
END_TEST

/* ---- the subscriber table ---- */

START_TEST(test_subs_put_and_get)
{
	struct uart_subs t;
	cairn_handle_t h = 0;
	cairn_handle_t old = 99;
	uint32_t bits = 0;

	uart_subs_init(&t);
	for (uint32_t i = 0; i <= UART_SUBS_MAX; i++)
		ck_assert(!uart_subs_get(&t, i, &h, &bits));
	ck_assert_int_eq(uart_subs_put(&t, 0x107, 0x2a, 1u << 31, &old), 0);
	ck_assert_uint_eq(old, CAIRN_HANDLE_INVALID);
	ck_assert(uart_subs_get(&t, 0, &h, &bits));
	ck_assert_uint_eq(h, 0x2a);
	ck_assert_uint_eq(bits, 1u << 31);
	/* badge 0 (an unbadged caller) is a badge like any other */
	ck_assert_int_eq(uart_subs_put(&t, 0, 0xffffffffu, 0xffffffffu, &old), 0);
	ck_assert(uart_subs_get(&t, 1, &h, &bits));
	ck_assert_uint_eq(h, 0xffffffffu);
	ck_assert_uint_eq(bits, 0xffffffffu);
}
END_TEST

START_TEST(test_subs_same_badge_replaces)
{
	struct uart_subs t;
	cairn_handle_t h = 0;
	cairn_handle_t old = 0;
	uint32_t bits = 0;
	uint32_t used = 0;

	uart_subs_init(&t);
	ck_assert_int_eq(uart_subs_put(&t, 0x107, 0x2a, 1, &old), 0);
	ck_assert_int_eq(uart_subs_put(&t, 0x108, 0x2b, 2, &old), 0);
	ck_assert_int_eq(uart_subs_put(&t, 0x107, 0x3c, 4, &old), 0);
	ck_assert_uint_eq(old, 0x2a);
	for (uint32_t i = 0; i < UART_SUBS_MAX; i++)
		used += uart_subs_get(&t, i, &h, &bits) ? 1u : 0u;
	ck_assert_uint_eq(used, 2);
	ck_assert(uart_subs_get(&t, 0, &h, &bits));
	ck_assert_uint_eq(h, 0x3c);
	ck_assert_uint_eq(bits, 4);
}
END_TEST

START_TEST(test_subs_full_and_bad)
{
	struct uart_subs t;
	cairn_handle_t old = 77;

	uart_subs_init(&t);
	for (uint32_t i = 0; i < UART_SUBS_MAX; i++)
		ck_assert_int_eq(uart_subs_put(&t, 0x100 + i, 0x10 + i, 1, &old), 0);
	old = 77;
	ck_assert_int_eq(uart_subs_put(&t, 0x200, 0x40, 1, &old), ERR_NOSPC);
	ck_assert_int_eq(uart_subs_put(&t, 0x100, CAIRN_HANDLE_INVALID, 1, &old), ERR_INVAL);
	ck_assert_int_eq(uart_subs_put(&t, 0x100, 0x41, 0, &old), ERR_INVAL);
	ck_assert_uint_eq(old, 77);
	/* a full table still takes a replacement */
	ck_assert_int_eq(uart_subs_put(&t, 0x103, 0x42, 8, &old), 0);
	ck_assert_uint_eq(old, 0x13);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uart");
	TCase *ring = tcase_create("ring");
	TCase *dev = tcase_create("16550");
	TCase *subs = tcase_create("subs");
	SRunner *sr;
	int failed;

	tcase_set_timeout(ring, 30);
	tcase_add_test(ring, test_ring_init_bounds);
	tcase_add_test(ring, test_ring_order_and_full);
	tcase_add_test(ring, test_ring_index_wrap);
	tcase_add_test(ring, test_ring_two_threads);
	tcase_add_test(dev, test_init_brings_up_rx_interrupt);
	tcase_add_test(dev, test_init_without_device);
	tcase_add_test(dev, test_drain_moves_bytes_in_order);
	tcase_add_test(dev, test_drain_full_ring_counts_drops);
	tcase_add_test(dev, test_drain_is_bounded);
	tcase_add_test(dev, test_write_waits_for_the_transmitter);
	tcase_add_test(dev, test_write_gives_up_on_a_busy_transmitter);
	tcase_add_test(dev, test_write_never_sends_the_kernel_tag);
	tcase_add_test(subs, test_subs_put_and_get);
	tcase_add_test(subs, test_subs_same_badge_replaces);
	tcase_add_test(subs, test_subs_full_and_bad);
	suite_add_tcase(s, ring);
	suite_add_tcase(s, subs);
	suite_add_tcase(s, dev);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
