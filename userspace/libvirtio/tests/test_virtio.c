/*
 * Host tests of libvirtio's transport (virtio_mmio.h) against the device
 * model: probing a good device, bad magic, legacy version 1 and an empty
 * slot; negotiation accepted, refused for lack of VERSION_1 and refused at
 * FEATURES_OK; a reset that never finishes; DRIVER_OK and a device that
 * then needs a reset; interrupt acknowledgement; configuration reads out of
 * range and under a generation that never settles. main gathers every
 * area's cases (virtio_tests.h) into one suite.
 */
#include <check.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "model.h"
#include "virtio_blk.h"
#include "virtio_mmio.h"
#include "virtio_tests.h"

#define POLLS 8u

static uint32_t reads_of(const struct model *m, uint32_t reg)
{
	return m->reads[reg / 4u];
}

static uint32_t writes_of(const struct model *m, uint32_t reg)
{
	return m->writes[reg / 4u];
}

START_TEST(test_probe_good_device)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtio_mmio_id id = {0};

	ck_assert_int_eq(virtio_mmio_probe(&io, &id), 0);
	ck_assert_uint_eq(id.device_id, VIRTIO_ID_BLOCK);
	ck_assert_uint_eq(id.vendor_id, 0x554d4551);
	ck_assert_uint_eq(m->status, 0); /* probing changes nothing */
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

START_TEST(test_probe_bad_magic)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtio_mmio_id id = {.device_id = 77, .vendor_id = 78};

	m->magic = 0x74726975;
	ck_assert_int_eq(virtio_mmio_probe(&io, &id), ERR_NOTFOUND);
	ck_assert_uint_eq(id.device_id, 77);
	ck_assert_uint_eq(id.vendor_id, 78);
	ck_assert_uint_eq(reads_of(m, VIRTIO_REG_VERSION), 0);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

START_TEST(test_probe_legacy_version)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtio_mmio_id id = {.device_id = 77, .vendor_id = 78};

	m->version = 1;
	ck_assert_int_eq(virtio_mmio_probe(&io, &id), ERR_VERSION);
	m->version = 3;
	ck_assert_int_eq(virtio_mmio_probe(&io, &id), ERR_VERSION);
	ck_assert_uint_eq(id.device_id, 77);
	ck_assert_uint_eq(reads_of(m, VIRTIO_REG_DEVICE_ID), 0);
	model_free(m);
}
END_TEST

START_TEST(test_probe_empty_slot)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	struct virtio_mmio_id id = {.device_id = 77, .vendor_id = 78};

	m->device_id = 0;
	ck_assert_int_eq(virtio_mmio_probe(&io, &id), ERR_NOTFOUND);
	ck_assert_uint_eq(id.device_id, 77);
	ck_assert_uint_eq(id.vendor_id, 78);
	model_free(m);
}
END_TEST

/* The driver takes what it wants of the offer, device-class bits only, plus VERSION_1. */
START_TEST(test_negotiate_accepts)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t got = 0;
	uint64_t wanted = VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) | VIRTIO_FEATURE(VIRTIO_BLK_F_RO) |
			  VIRTIO_FEATURE(28);
	uint64_t expect = VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) | VIRTIO_FEATURE(VIRTIO_F_VERSION_1);

	m->features |= VIRTIO_FEATURE(28) | VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE);
	m->status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK;
	ck_assert_int_eq(virtio_mmio_negotiate(&io, wanted, POLLS, &got), 0);
	ck_assert_uint_eq(got, expect);
	ck_assert_uint_eq(m->driver_features, expect);
	ck_assert_uint_eq(m->status, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
					     VIRTIO_STATUS_FEATURES_OK);
	ck_assert_int_eq(virtio_mmio_driver_ok(&io), 0);
	ck_assert_uint_eq(m->status, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
					     VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

START_TEST(test_negotiate_needs_version_1)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t got = 99;

	m->features = VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH);
	ck_assert_int_eq(virtio_mmio_negotiate(&io, m->features, POLLS, &got), ERR_NOTSUP);
	ck_assert_uint_eq(got, 99);
	ck_assert_uint_eq(m->status & VIRTIO_STATUS_FAILED, VIRTIO_STATUS_FAILED);
	ck_assert_uint_eq(m->status & VIRTIO_STATUS_FEATURES_OK, 0);
	ck_assert_uint_eq(writes_of(m, VIRTIO_REG_DRIVER_FEATURES), 0);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

START_TEST(test_negotiate_features_refused)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t got = 99;

	m->refuse_features_ok = true;
	ck_assert_int_eq(virtio_mmio_negotiate(&io, 0, POLLS, &got), ERR_NOTSUP);
	ck_assert_uint_eq(got, 99);
	ck_assert_uint_eq(m->status & VIRTIO_STATUS_FAILED, VIRTIO_STATUS_FAILED);
	ck_assert_uint_eq(m->status & VIRTIO_STATUS_FEATURES_OK, 0);
	model_free(m);
}
END_TEST

START_TEST(test_reset_times_out)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t got = 99;

	m->reset_stuck = true;
	ck_assert_int_eq(virtio_mmio_reset(&io, POLLS), ERR_TIMEOUT);
	ck_assert_uint_eq(reads_of(m, VIRTIO_REG_STATUS), POLLS);
	ck_assert_int_eq(virtio_mmio_negotiate(&io, 0, POLLS, &got), ERR_TIMEOUT);
	ck_assert_uint_eq(got, 99);
	ck_assert_uint_eq(writes_of(m, VIRTIO_REG_STATUS), 2); /* the two resets, nothing more */
	m->reset_stuck = false;
	ck_assert_int_eq(virtio_mmio_reset(&io, 1), 0);
	model_free(m);
}
END_TEST

START_TEST(test_driver_ok_needs_reset)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint64_t got;

	m->needs_reset_on_driver_ok = true;
	ck_assert_int_eq(virtio_mmio_negotiate(&io, 0, POLLS, &got), 0);
	ck_assert_int_eq(virtio_mmio_driver_ok(&io), ERR_IO);
	virtio_mmio_fail(&io);
	ck_assert_uint_eq(m->status & VIRTIO_STATUS_FAILED, VIRTIO_STATUS_FAILED);
	model_free(m);
}
END_TEST

START_TEST(test_interrupt_take_acks_what_it_saw)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);

	ck_assert_uint_eq(virtio_mmio_interrupt_take(&io), 0);
	ck_assert_uint_eq(writes_of(m, VIRTIO_REG_INTERRUPT_ACK), 0);
	m->interrupt_status = VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG_CHANGE;
	ck_assert_uint_eq(virtio_mmio_interrupt_take(&io),
			  VIRTIO_INT_USED_BUFFER | VIRTIO_INT_CONFIG_CHANGE);
	ck_assert_uint_eq(m->interrupt_status, 0);
	ck_assert_uint_eq(writes_of(m, VIRTIO_REG_INTERRUPT_ACK), 1);
	model_free(m);
}
END_TEST

START_TEST(test_config_read_refusals)
{
	struct model *m = model_new();
	struct virtio_mmio io = model_io(m);
	uint32_t words[2] = {5, 6};

	ck_assert_int_eq(virtio_mmio_config_read(&io, 2, words, 1, 4), ERR_ALIGN);
	ck_assert_int_eq(virtio_mmio_config_read(&io, VIRTIO_MMIO_CONFIG_BYTES - 4u, words, 2, 4),
			 ERR_RANGE);
	ck_assert_int_eq(virtio_mmio_config_read(&io, VIRTIO_MMIO_CONFIG_BYTES + 4u, words, 0, 4),
			 ERR_RANGE);
	ck_assert_uint_eq(m->config_reads, 0);
	m->generation_churns = true;
	ck_assert_int_eq(virtio_mmio_config_read(&io, 0, words, 2, 4), ERR_TIMEOUT);
	ck_assert_uint_eq(reads_of(m, VIRTIO_REG_CONFIG_GENERATION), 8);
	ck_assert_uint_eq(words[0], 5);
	ck_assert_uint_eq(words[1], 6);
	ck_assert_int_eq(virtio_mmio_config_read(&io, VIRTIO_MMIO_CONFIG_BYTES - 4u, words, 1, 0),
			 ERR_TIMEOUT);
	ck_assert(!m->fault);
	model_free(m);
}
END_TEST

TCase *virtio_tcase_transport(void)
{
	TCase *tc = tcase_create("transport");

	tcase_add_test(tc, test_probe_good_device);
	tcase_add_test(tc, test_probe_bad_magic);
	tcase_add_test(tc, test_probe_legacy_version);
	tcase_add_test(tc, test_probe_empty_slot);
	tcase_add_test(tc, test_negotiate_accepts);
	tcase_add_test(tc, test_negotiate_needs_version_1);
	tcase_add_test(tc, test_negotiate_features_refused);
	tcase_add_test(tc, test_reset_times_out);
	tcase_add_test(tc, test_driver_ok_needs_reset);
	tcase_add_test(tc, test_interrupt_take_acks_what_it_saw);
	tcase_add_test(tc, test_config_read_refusals);
	return tc;
}

int main(void)
{
	Suite *s = suite_create("virtio");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, virtio_tcase_transport());
	suite_add_tcase(s, virtio_tcase_queue());
	suite_add_tcase(s, virtio_tcase_blk());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
