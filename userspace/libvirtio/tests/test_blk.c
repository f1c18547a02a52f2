/*
 * Host tests of libvirtio's virtio-blk layer (virtio_blk.h) against the
 * model's in-memory disk, served on notify: the capacity, read back under
 * a generation change mid-read; a write and read round trip through a
 * buffer of scattered segments; flush with and without the feature; an
 * I/O error reported by the device; a read-only device; requests refused
 * before they reach the queue; the status mapping.
 */
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "model.h"
#include "virtio_blk.h"
#include "virtio_tests.h"
#include "virtq.h"

#define TRIES 4u

/* A negotiated block device with queue 0 of 16 entries, served by the model. */
struct blk_rig {
	struct model *m;
	struct virtio_mmio io;
	struct virtq q;
	struct virtio_blk_dev dev;
	struct virtio_blk_req *req;
	uint64_t req_pa;
};

static void rig_up(struct blk_rig *r, uint64_t offered)
{
	struct virtq_mem mem;

	r->m = model_new();
	r->m->features |= offered;
	r->m->serve_blk = true;
	r->io = model_io(r->m);
	ck_assert_int_eq(
		virtio_mmio_negotiate(&r->io, VIRTIO_FEATURES_DEVICE_MASK, TRIES, &r->dev.features),
		0);
	model_ring_mem(r->m, 16, &mem);
	ck_assert_int_eq(virtq_setup(&r->q, &r->io, 0, 16, &mem), 0);
	ck_assert_int_eq(virtio_mmio_driver_ok(&r->io), 0);
	ck_assert_int_eq(virtio_blk_capacity(&r->io, TRIES, &r->dev.capacity), 0);
	r->req = model_alloc(r->m, sizeof(*r->req), 8, &r->req_pa);
}

/* Submits one request, lets the model serve it, and returns its status's error. */
static int run(struct blk_rig *r, uint32_t type, uint64_t sector, const struct virtio_blk_seg *segs,
	       uint32_t nsegs)
{
	struct virtio_blk_buf buf = {r->req, r->req_pa, segs, nsegs};
	struct virtq_done done = {0};
	uint16_t head = 0xffff;
	int rc = virtio_blk_submit(&r->q, &r->dev, type, sector, &buf, &head);

	if (rc != 0)
		return rc;
	virtq_kick(&r->q, &r->io);
	ck_assert_uint_eq(virtio_mmio_interrupt_take(&r->io), VIRTIO_INT_USED_BUFFER);
	ck_assert_int_eq(virtq_pop_used(&r->q, &done), 1);
	ck_assert_uint_eq(done.head, head);
	ck_assert_int_eq(virtq_pop_used(&r->q, &done), 0);
	return virtio_blk_status_error(r->req->status);
}

START_TEST(test_capacity)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t sectors = 0;

	model_set_capacity(m, UINT64_C(0x123456789a));
	ck_assert_int_eq(virtio_blk_capacity(&io, TRIES, &sectors), 0);
	ck_assert_uint_eq(sectors, UINT64_C(0x123456789a));
	model_free(m);
}
END_TEST

/* The capacity grows between the two halves' reads: a torn value is never returned. */
START_TEST(test_capacity_generation_change_retried)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t sectors = 0;

	model_set_capacity(m, UINT64_C(0x1ffffffff));
	m->next_capacity = UINT64_C(0x200000000);
	m->config_change_at = 1; /* after the low half's read */
	ck_assert_int_eq(virtio_blk_capacity(&io, TRIES, &sectors), 0);
	ck_assert_uint_eq(sectors, UINT64_C(0x200000000));
	ck_assert_uint_eq(m->config_reads, 4);
	m->generation_churns = true;
	ck_assert_int_eq(virtio_blk_capacity(&io, TRIES, &sectors), ERR_TIMEOUT);
	ck_assert_uint_eq(sectors, UINT64_C(0x200000000));
	model_free(m);
}
END_TEST

/* Three sectors written from, and read into, three pieces on different pages. */
START_TEST(test_round_trip_scattered)
{
	struct blk_rig r;
	struct virtio_blk_seg segs[3];
	uint8_t *piece[3];
	static const uint32_t lens[3] = {700, 512, 324};

	rig_up(&r, 0);
	for (uint32_t i = 0; i < 3; i++) {
		piece[i] = model_alloc(r.m, VIRTQ_PAGE, VIRTQ_PAGE, &segs[i].pa);
		segs[i].len = lens[i];
		for (uint32_t b = 0; b < lens[i]; b++)
			piece[i][b] = (uint8_t)(b * 7u + i);
	}
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_OUT, 5, segs, 3), 0); /* bytes 2560.. on disk */
	ck_assert_uint_eq(r.req->hdr.sector, 5);
	ck_assert_mem_eq(&r.m->disk[2560], piece[0], 700);
	ck_assert_mem_eq(&r.m->disk[2560 + 700], piece[1], 512);
	ck_assert_mem_eq(&r.m->disk[2560 + 1212], piece[2], 324);
	for (uint32_t i = 0; i < 3; i++)
		memset(piece[i], 0, lens[i]);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 5, segs, 3), 0);
	for (uint32_t i = 0; i < 3; i++) {
		for (uint32_t b = 0; b < lens[i]; b++)
			ck_assert_uint_eq(piece[i][b], (uint8_t)(b * 7u + i));
	}
	ck_assert_uint_eq(virtq_free_count(&r.q), 16);
	ck_assert(!r.m->fault);
	model_free(r.m);
}
END_TEST

START_TEST(test_flush)
{
	struct blk_rig r;
	struct virtio_blk_seg seg = {MODEL_MEM_BASE, 512};

	rig_up(&r, 0);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_FLUSH, 0, NULL, 0), 0);
	ck_assert_uint_eq(r.m->flushes, 1);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_FLUSH, 0, &seg, 1), ERR_INVAL);
	r.dev.features &= ~VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_FLUSH, 0, NULL, 0), ERR_NOTSUP);
	ck_assert_uint_eq(r.m->flushes, 1);
	ck_assert_uint_eq(model_avail_idx(r.m, 0), 1);
	model_free(r.m);
}
END_TEST

START_TEST(test_device_io_error)
{
	struct blk_rig r;
	struct virtio_blk_seg seg;

	rig_up(&r, 0);
	(void)model_alloc(r.m, 512, 512, &seg.pa);
	seg.len = 512;
	r.m->fail_io = true;
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 0, &seg, 1), ERR_IO);
	ck_assert_uint_eq(r.req->status, VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(virtq_free_count(&r.q), 16);
	r.m->fail_io = false;
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 0, &seg, 1), 0);
	model_free(r.m);
}
END_TEST

START_TEST(test_read_only_refuses_writes)
{
	struct blk_rig r;
	struct virtio_blk_seg seg;
	uint8_t *data;

	rig_up(&r, VIRTIO_FEATURE(VIRTIO_BLK_F_RO));
	ck_assert_uint_ne(r.dev.features & VIRTIO_FEATURE(VIRTIO_BLK_F_RO), 0);
	data = model_alloc(r.m, 512, 512, &seg.pa);
	seg.len = 512;
	memset(data, 0xaa, 512);
	memset(r.req, 0x33, sizeof(*r.req));
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_OUT, 0, &seg, 1), ERR_DENIED);
	ck_assert_uint_eq(r.req->status, 0x33); /* nothing written */
	ck_assert_uint_eq(model_avail_idx(r.m, 0), 0);
	ck_assert_uint_eq(r.m->writes[VIRTIO_REG_QUEUE_NOTIFY / 4u], 0);
	ck_assert_uint_eq(r.m->disk[0], 0);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 0, &seg, 1), 0);
	ck_assert_uint_eq(data[0], 0);
	model_free(r.m);
}
END_TEST

START_TEST(test_request_refusals)
{
	struct blk_rig r;
	struct virtio_blk_seg segs[VIRTIO_BLK_SEGS_MAX + 1];
	uint32_t last = MODEL_DISK_BYTES / 512u - 1u;

	rig_up(&r, 0);
	for (uint32_t i = 0; i <= VIRTIO_BLK_SEGS_MAX; i++)
		segs[i] = (struct virtio_blk_seg){MODEL_MEM_BASE + (uint64_t)512u * i, 512};
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, last, segs, 2), ERR_RANGE);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, UINT64_MAX, segs, 1), ERR_RANGE);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 0, segs, VIRTIO_BLK_SEGS_MAX + 1), ERR_RANGE);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, 0, segs, 0), ERR_INVAL);
	ck_assert_int_eq(run(&r, 3, 0, segs, 1), ERR_INVAL);
	segs[0].len = 500;
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_OUT, 0, segs, 1), ERR_ALIGN);
	segs[0].len = 0;
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_OUT, 0, segs, 1), ERR_INVAL);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_GET_ID, 0, &segs[1], 1), ERR_INVAL);
	ck_assert_uint_eq(model_avail_idx(r.m, 0), 0);
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_IN, last, &segs[1], 1), 0); /* the last sector */
	model_free(r.m);
}
END_TEST

/* A request needs its segments plus two descriptors; too few free refuses it untouched. */
START_TEST(test_request_needs_room)
{
	struct blk_rig r;
	struct virtio_blk_seg segs[15];
	struct virtio_blk_buf buf;
	uint16_t head = 0xabcd;

	rig_up(&r, 0);
	for (uint32_t i = 0; i < 15; i++)
		segs[i] = (struct virtio_blk_seg){MODEL_MEM_BASE, 512};
	buf = (struct virtio_blk_buf){r.req, r.req_pa, segs, 15};
	memset(r.req, 0x33, sizeof(*r.req));
	ck_assert_int_eq(virtio_blk_submit(&r.q, &r.dev, VIRTIO_BLK_T_IN, 0, &buf, &head),
			 ERR_NOSPC);
	ck_assert_uint_eq(head, 0xabcd);
	ck_assert_uint_eq(r.req->status, 0x33);
	ck_assert_uint_eq(r.req->hdr.type, 0x33333333);
	ck_assert_uint_eq(virtq_free_count(&r.q), 16);
	model_free(r.m);
}
END_TEST

START_TEST(test_get_id)
{
	struct blk_rig r;
	struct virtio_blk_seg seg;
	char *id;

	rig_up(&r, 0);
	id = model_alloc(r.m, VIRTIO_BLK_ID_BYTES, 1, &seg.pa);
	seg.len = VIRTIO_BLK_ID_BYTES;
	ck_assert_int_eq(run(&r, VIRTIO_BLK_T_GET_ID, 0, &seg, 1), 0);
	ck_assert_str_eq(id, "cairn-model-disk");
	model_free(r.m);
}
END_TEST

START_TEST(test_status_mapping)
{
	ck_assert_int_eq(virtio_blk_status_error(VIRTIO_BLK_S_OK), 0);
	ck_assert_int_eq(virtio_blk_status_error(VIRTIO_BLK_S_IOERR), ERR_IO);
	ck_assert_int_eq(virtio_blk_status_error(VIRTIO_BLK_S_UNSUPP), ERR_NOTSUP);
	ck_assert_int_eq(virtio_blk_status_error(VIRTIO_BLK_S_NONE), ERR_IO);
	ck_assert_int_eq(virtio_blk_status_error(7), ERR_IO);
}
END_TEST

/* A window's span becomes one segment per run of adjacent pages, within the window only. */
START_TEST(test_window_segments)
{
	static const uint64_t pages[4] = {0x80010000, 0x80011000, 0x80030000, 0x80020000};
	struct virtio_blk_seg segs[4] = {{0}};
	uint32_t n = 99;

	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 512, 4096 + 1024, segs, 4, &n), 0);
	ck_assert_uint_eq(n, 1); /* pages 0 and 1 are adjacent: one run */
	ck_assert_uint_eq(segs[0].pa, 0x80010200);
	ck_assert_uint_eq(segs[0].len, 4096 + 1024);
	ck_assert_int_eq(
		virtio_blk_window_segs(pages, 4, 4096 + 3584, 512 + 4096 + 512, segs, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(segs[0].pa, 0x80011e00);
	ck_assert_uint_eq(segs[0].len, 512);
	ck_assert_uint_eq(segs[1].pa, 0x80030000);
	ck_assert_uint_eq(segs[1].len, 4096);
	ck_assert_uint_eq(segs[2].pa, 0x80020000);
	ck_assert_uint_eq(segs[2].len, 512);
	/* Refusals write nothing. */
	n = 99;
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 0, 0, segs, 4, &n), ERR_INVAL);
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 16384, 512, segs, 4, &n), ERR_RANGE);
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 15872, 1024, segs, 4, &n), ERR_RANGE);
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 0, 16384, segs, 2, &n), ERR_RANGE);
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 0xffffffffu, 2, segs, 4, &n), ERR_RANGE);
	ck_assert_uint_eq(n, 99);
	ck_assert_int_eq(virtio_blk_window_segs(pages, 4, 0, 16384, segs, 3, &n), 0);
	ck_assert_uint_eq(n, 3);
}
END_TEST

TCase *virtio_tcase_blk(void)
{
	TCase *tc = tcase_create("blk");

	tcase_add_test(tc, test_capacity);
	tcase_add_test(tc, test_capacity_generation_change_retried);
	tcase_add_test(tc, test_round_trip_scattered);
	tcase_add_test(tc, test_flush);
	tcase_add_test(tc, test_device_io_error);
	tcase_add_test(tc, test_read_only_refuses_writes);
	tcase_add_test(tc, test_request_refusals);
	tcase_add_test(tc, test_request_needs_room);
	tcase_add_test(tc, test_get_id);
	tcase_add_test(tc, test_status_mapping);
	tcase_add_test(tc, test_window_segments);
	return tc;
}
