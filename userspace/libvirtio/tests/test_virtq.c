/*
 * Host tests of libvirtio's split virtqueues (virtq.h), with the test
 * playing the device through the model's rings: setup and each of its
 * refusals, chains as the device sees them, notification only when
 * needed, filling the queue and recovering, many rounds of out-of-order
 * completions, and a device that breaks the protocol (an id never issued,
 * an id given back twice, a length past the chain, an index run ahead).
 */
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "model.h"
#include "virtio_tests.h"
#include "virtq.h"

/* A model with queue 0 set up with `size` entries in q. */
static struct model *queue_model(struct virtq *q, uint16_t size)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtq_mem mem;

	model_ring_mem(m, size, &mem);
	ck_assert_int_eq(virtq_setup(q, &io, 0, size, &mem), 0);
	return m;
}

/* Adds a chain of n readable buffers of `len` bytes each, then one writable; returns its head. */
static uint16_t add_chain(struct virtq *q, uint32_t n, uint32_t len)
{
	struct virtq_buf bufs[MODEL_CHAIN_MAX];
	uint16_t head = 0xffff;

	ck_assert_uint_le(n, MODEL_CHAIN_MAX);
	for (uint32_t i = 0; i < n; i++)
		bufs[i] =
			(struct virtq_buf){MODEL_MEM_BASE + (uint64_t)0x100u * i, len, i + 1 == n};
	ck_assert_int_eq(virtq_add(q, bufs, n, &head), 0);
	return head;
}

START_TEST(test_setup_programs_the_queue)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtq q;
	struct virtq_mem mem;

	model_ring_mem(m, 64, &mem);
	memset(mem.used.va, 0xee, virtq_used_bytes(64)); /* stale memory is cleared */
	ck_assert_int_eq(virtq_setup(&q, &io, 1, 64, &mem), 0);
	ck_assert_uint_eq(m->queue_sel, 1);
	ck_assert_uint_eq(m->q[1].num, 64);
	ck_assert_uint_eq(m->q[1].desc, mem.desc.pa);
	ck_assert_uint_eq(m->q[1].driver, mem.avail.pa);
	ck_assert_uint_eq(m->q[1].device, mem.used.pa);
	ck_assert_uint_eq(m->q[1].ready, 1);
	ck_assert_uint_eq(m->q[0].ready, 0);
	ck_assert_uint_eq(((struct virtq_used *)mem.used.va)->idx, 0);
	ck_assert_uint_eq(virtq_free_count(&q), 64);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

/* Each refusal leaves the queue's registers as they were. */
static void expect_refused(struct model *m, const struct virtq_mem *mem, uint16_t size, int err)
{
	struct virtio_mmio io = model_io(m);
	struct virtq q;

	memset(&q, 0x5a, sizeof(q));
	ck_assert_int_eq(virtq_setup(&q, &io, 0, size, mem), err);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NUM / 4u], 0);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_READY / 4u], 0);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_DESC_LOW / 4u], 0);
	ck_assert_uint_eq(q.size, 0x5a5a);
}

START_TEST(test_setup_refusals)
{
	struct model *m = model_new();
	struct virtq_mem good;
	struct virtq_mem bad;

	model_ring_mem(m, 8, &good);
	expect_refused(m, &good, 6, ERR_INVAL);
	expect_refused(m, &good, 0, ERR_INVAL);
	expect_refused(m, &good, 512, ERR_INVAL);
	bad = good;
	bad.desc.va = (uint8_t *)bad.desc.va + 8;
	bad.desc.pa += 8;
	expect_refused(m, &bad, 8, ERR_ALIGN);
	bad = good;
	bad.avail.pa += 1;
	expect_refused(m, &bad, 8, ERR_ALIGN);
	bad = good;
	bad.used.va = (uint8_t *)bad.used.va + 2;
	bad.used.pa += 2;
	expect_refused(m, &bad, 8, ERR_ALIGN);
	bad = good;
	bad.used.va = (uint8_t *)bad.used.va + VIRTQ_PAGE - 64;
	bad.used.pa += VIRTQ_PAGE - 64; /* 6 + 8 * 8 bytes cross the page */
	expect_refused(m, &bad, 8, ERR_RANGE);
	bad = good;
	bad.avail.va = NULL;
	expect_refused(m, &bad, 8, ERR_INVAL);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_SEL / 4u], 0); /* the device untouched */
	m->q[0].num_max = 0;
	expect_refused(m, &good, 8, ERR_NOTFOUND);
	m->q[0].num_max = 4;
	expect_refused(m, &good, 8, ERR_RANGE);
	m->q[0].num_max = 8;
	m->q[0].ready = 1;
	expect_refused(m, &good, 8, ERR_BUSY);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

/* The whole-page descriptor table of the largest queue is accepted. */
START_TEST(test_setup_largest_queue)
{
	struct virtq q;
	struct model *m = queue_model(&q, VIRTQ_SIZE_MAX);

	ck_assert_uint_eq(virtq_free_count(&q), VIRTQ_SIZE_MAX);
	ck_assert_uint_eq(m->q[0].num, VIRTQ_SIZE_MAX);
	model_free(m);
}
END_TEST

START_TEST(test_chain_as_the_device_sees_it)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtio_mmio io = model_io(m);
	struct virtq_buf bufs[3] = {
		{MODEL_MEM_BASE + 0x1000, 16, false},
		{MODEL_MEM_BASE + 0x2000, 512, true},
		{MODEL_MEM_BASE + 0x3000, 1, true},
	};
	struct model_chain c;
	uint16_t head = 0xffff;

	ck_assert_int_eq(virtq_add(&q, bufs, 3, &head), 0);
	ck_assert_uint_eq(virtq_free_count(&q), 5);
	ck_assert_uint_eq(model_avail_idx(m, 0), 1);
	ck_assert(model_take_avail(m, 0, &c));
	ck_assert_uint_eq(c.head, head);
	ck_assert_uint_eq(c.n, 3);
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(c.seg[i].pa, bufs[i].pa);
		ck_assert_uint_eq(c.seg[i].len, bufs[i].len);
		ck_assert_int_eq(c.seg[i].device_writes, bufs[i].device_writes);
	}
	ck_assert(!model_take_avail(m, 0, &c));
	virtq_kick(&q, &io);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 1);
	ck_assert_uint_eq(m->last_notify, 0);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

START_TEST(test_kick_only_when_needed)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtio_mmio io = model_io(m);

	virtq_kick(&q, &io); /* nothing published */
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 0);
	(void)add_chain(&q, 1, 8);
	(void)add_chain(&q, 1, 8);
	virtq_kick(&q, &io);
	virtq_kick(&q, &io);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 1);
	model_set_no_notify(m, 0, true);
	(void)add_chain(&q, 1, 8);
	virtq_kick(&q, &io);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 1);
	model_set_no_notify(m, 0, false);
	(void)add_chain(&q, 1, 8);
	virtq_kick(&q, &io);
	ck_assert_uint_eq(m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 2);
	model_free(m);
}
END_TEST

START_TEST(test_add_refusals_change_nothing)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtq_buf bufs[2] = {{MODEL_MEM_BASE, 8, false}, {MODEL_MEM_BASE, 0, true}};
	struct virtq_buf huge[2] = {{MODEL_MEM_BASE, UINT32_MAX, true}, {MODEL_MEM_BASE, 2, true}};
	uint16_t head = 0xabcd;

	ck_assert_int_eq(virtq_add(&q, bufs, 0, &head), ERR_INVAL);
	ck_assert_int_eq(virtq_add(&q, bufs, 2, &head), ERR_INVAL);
	ck_assert_int_eq(virtq_add(&q, huge, 2, &head), ERR_RANGE);
	ck_assert_uint_eq(head, 0xabcd);
	ck_assert_uint_eq(virtq_free_count(&q), 8);
	ck_assert_uint_eq(model_avail_idx(m, 0), 0);
	model_free(m);
}
END_TEST

START_TEST(test_fill_then_recover)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtq_buf bufs[3] = {
		{MODEL_MEM_BASE, 8, false}, {MODEL_MEM_BASE, 8, false}, {MODEL_MEM_BASE, 8, true}};
	struct model_chain c;
	struct virtq_done done = {0};
	uint16_t first = add_chain(&q, 3, 8);
	uint16_t head = 0xabcd;

	(void)add_chain(&q, 3, 8);
	ck_assert_int_eq(virtq_add(&q, bufs, 3, &head), ERR_NOSPC);
	ck_assert_uint_eq(head, 0xabcd);
	ck_assert_uint_eq(virtq_free_count(&q), 2);
	ck_assert_uint_eq(model_avail_idx(m, 0), 2);
	ck_assert_int_eq(virtq_pop_used(&q, &done), 0); /* nothing completed yet */
	ck_assert(model_take_avail(m, 0, &c));
	model_push_used(m, 0, c.head, 8);
	ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	ck_assert_uint_eq(done.head, first);
	ck_assert_uint_eq(done.len, 8);
	ck_assert_uint_eq(virtq_free_count(&q), 5);
	ck_assert_int_eq(virtq_add(&q, bufs, 3, &head), 0);
	ck_assert_uint_eq(model_avail_idx(m, 0), 3);
	model_free(m);
}
END_TEST

/* A small deterministic generator for the rounds below. */
static uint32_t next_rand(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

#define ROUNDS_SIZE 16u

/* Takes every published chain, checking no descriptor is in two chains in flight. */
static uint32_t take_all(struct model *m, struct model_chain *held, uint32_t nheld, bool *desc_busy)
{
	struct model_chain c;
	const struct virtq_desc *table = model_pa(m, m->q[0].desc, virtq_desc_bytes(ROUNDS_SIZE));

	while (model_take_avail(m, 0, &c)) {
		uint16_t id = c.head;

		for (uint32_t i = 0; i < c.n; i++) {
			ck_assert(!desc_busy[id]);
			desc_busy[id] = true;
			id = table[id].next;
		}
		held[nheld++] = c;
	}
	return nheld;
}

static void release(const struct model *m, const struct model_chain *c, bool *desc_busy)
{
	const struct virtq_desc *table = (const void *)&m->mem[m->q[0].desc - MODEL_MEM_BASE];
	uint16_t id = c->head;

	for (uint32_t i = 0; i < c->n; i++) {
		desc_busy[id] = false;
		id = table[id].next;
	}
}

/* Many rounds: fill with chains of random lengths, complete a random subset out of order. */
START_TEST(test_rounds_out_of_order)
{
	struct virtq q;
	struct model *m = queue_model(&q, ROUNDS_SIZE);
	struct model_chain held[ROUNDS_SIZE];
	bool desc_busy[ROUNDS_SIZE] = {false};
	uint32_t nheld = 0;
	uint32_t seed = 0x9e3779b9u;
	struct virtq_done done;

	for (uint32_t round = 0; round < 500; round++) {
		uint32_t n = 1 + next_rand(&seed) % 5u;

		while (n <= virtq_free_count(&q)) {
			(void)add_chain(&q, n, 4);
			n = 1 + next_rand(&seed) % 5u;
		}
		nheld = take_all(m, held, nheld, desc_busy);
		for (uint32_t k = next_rand(&seed) % (nheld + 1u); k > 0; k--) {
			uint32_t pick = next_rand(&seed) % nheld;

			release(m, &held[pick], desc_busy);
			model_push_used(m, 0, held[pick].head, 4);
			ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
			ck_assert_uint_eq(done.head, held[pick].head);
			held[pick] = held[--nheld];
		}
	}
	while (nheld > 0) {
		release(m, &held[--nheld], desc_busy);
		model_push_used(m, 0, held[nheld].head, 0);
		ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	}
	ck_assert_uint_eq(virtq_free_count(&q), ROUNDS_SIZE);
	/* every descriptor is back: one chain can take them all, each once */
	(void)add_chain(&q, ROUNDS_SIZE, 4);
	nheld = take_all(m, held, 0, desc_busy);
	ck_assert_uint_eq(nheld, 1);
	ck_assert_uint_eq(held[0].n, ROUNDS_SIZE);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

/* The device names a chain it was never given: refused, nothing changes, a fixed entry then goes.
 */
START_TEST(test_used_id_never_issued)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtq_used *used = model_pa(m, m->q[0].device, virtq_used_bytes(8));
	struct virtq_done done = {.head = 77, .len = 78};
	uint16_t a = add_chain(&q, 2, 8);
	uint16_t b = add_chain(&q, 2, 8);

	model_push_used(m, 0, 8, 0); /* past the table */
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	used->ring[0].id = (uint32_t)b + 1u; /* inside b's chain, not a head */
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	used->ring[0].id = 6; /* free, never handed out */
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	ck_assert_uint_eq(done.head, 77);
	ck_assert_uint_eq(done.len, 78);
	ck_assert_uint_eq(virtq_free_count(&q), 4);
	used->ring[0].id = b;
	ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	ck_assert_uint_eq(done.head, b);
	model_push_used(m, 0, a, 8);
	ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	ck_assert_uint_eq(done.head, a);
	ck_assert_uint_eq(virtq_free_count(&q), 8);
	model_free(m);
}
END_TEST

START_TEST(test_used_id_repeated)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtq_done done;
	uint16_t a = add_chain(&q, 3, 8);
	uint16_t b = add_chain(&q, 3, 8);

	model_push_used(m, 0, a, 8);
	model_push_used(m, 0, a, 8);
	ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	ck_assert_uint_eq(virtq_free_count(&q), 5);
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO); /* it stays refused */
	ck_assert_uint_eq(virtq_free_count(&q), 5);
	/* the free list is whole: a's descriptors come back once, b is still in flight */
	(void)add_chain(&q, 5, 8);
	ck_assert_uint_eq(virtq_free_count(&q), 0);
	ck_assert_uint_ne(b, a);
	model_free(m);
}
END_TEST

START_TEST(test_used_len_and_index_checked)
{
	struct virtq q;
	struct model *m = queue_model(&q, 8);
	struct virtq_used *used = model_pa(m, m->q[0].device, virtq_used_bytes(8));
	struct virtq_done done;
	uint16_t a = add_chain(&q, 2, 100); /* the device may write 100 bytes */

	model_push_used(m, 0, a, 101);
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	used->ring[0].len = 100;
	used->idx = 2; /* two completions, one chain in flight */
	ck_assert_int_eq(virtq_pop_used(&q, &done), ERR_IO);
	ck_assert_uint_eq(virtq_free_count(&q), 6);
	used->idx = 1;
	ck_assert_int_eq(virtq_pop_used(&q, &done), 1);
	ck_assert_uint_eq(done.len, 100);
	model_free(m);
}
END_TEST

TCase *virtio_tcase_queue(void)
{
	TCase *tc = tcase_create("queue");

	tcase_add_test(tc, test_setup_programs_the_queue);
	tcase_add_test(tc, test_setup_refusals);
	tcase_add_test(tc, test_setup_largest_queue);
	tcase_add_test(tc, test_chain_as_the_device_sees_it);
	tcase_add_test(tc, test_kick_only_when_needed);
	tcase_add_test(tc, test_add_refusals_change_nothing);
	tcase_add_test(tc, test_fill_then_recover);
	tcase_add_test(tc, test_rounds_out_of_order);
	tcase_add_test(tc, test_used_id_never_issued);
	tcase_add_test(tc, test_used_id_repeated);
	tcase_add_test(tc, test_used_len_and_index_checked);
	return tc;
}
