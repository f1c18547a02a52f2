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
	sim_disk_arm(&disk, 0, SIM_CUT_NONE); /* count from here */
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
	ck_assert_uint_gt(st.bytes_capacity, (uint32_t)(4u * SFS_OP_MAX));
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

START_TEST(test_struct_is_small)
{
	ck_assert_uint_le(sizeof(struct sfs), (size_t)32u * 1024u);
	ck_assert_uint_le(SFS_REC_HEAD + SFS_BATCH_OPS_MAX * SFS_OP_HEAD + SFS_BATCH_BYTES_MAX,
			  (uint32_t)(SFS_REC_SECTORS * SFS_SECTOR_BYTES));
}
END_TEST

START_TEST(test_batch_bounds_change_nothing)
{
	static uint8_t big[SFS_VALUE_MAX + 1];
	struct sfs_batch copy;

	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, "k", 1, "v", 1), 0);
	copy = batch;
	ck_assert_int_eq(sfs_batch_put(&batch, "k", 0, "v", 1), ERR_INVAL);
	ck_assert_int_eq(sfs_batch_put(&batch, NULL, 1, "v", 1), ERR_INVAL);
	ck_assert_int_eq(sfs_batch_put(&batch, "k", 1, NULL, 1), ERR_INVAL);
	ck_assert_int_eq(sfs_batch_put(&batch, big, SFS_KEY_MAX + 1, "v", 1), ERR_TOOLONG);
	ck_assert_int_eq(sfs_batch_put(&batch, "k", 1, big, SFS_VALUE_MAX + 1), ERR_TOOLONG);
	ck_assert_int_eq(sfs_batch_delete(&batch, big, SFS_KEY_MAX + 1), ERR_TOOLONG);
	ck_assert_mem_eq(&batch, &copy, sizeof(copy));
	for (uint32_t i = 1; i < SFS_BATCH_OPS_MAX; i++)
		ck_assert_int_eq(sfs_batch_delete(&batch, "k", 1), 0);
	copy = batch;
	ck_assert_int_eq(sfs_batch_delete(&batch, "k", 1), ERR_NOSPC);
	ck_assert_mem_eq(&batch, &copy, sizeof(copy));
	/* bytes: four full values fill it, a fifth does not fit */
	sfs_batch_init(&batch);
	for (uint32_t i = 0; i < 3; i++)
		ck_assert_int_eq(sfs_batch_put(&batch, "k", 1, big, SFS_VALUE_MAX), 0);
	ck_assert_int_eq(sfs_batch_put(&batch, "k", 1, big, SFS_VALUE_MAX), ERR_NOSPC);
	ck_assert_uint_eq(batch.count, 3);
}
END_TEST

START_TEST(test_commit_refuses_malformed_batch)
{
	fresh_store();
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, "key", 3, "value", 5), 0);
	batch.ops[0].vlen = 200; /* past the bytes used */
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_INVAL);
	batch.ops[0].vlen = 5;
	batch.ops[0].kind = 9;
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_INVAL);
	batch.count = SFS_BATCH_OPS_MAX + 1;
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_INVAL);
	ck_assert_uint_eq(disk.writes, 0);
	ck_assert_uint_eq(fs.nkeys, 0);
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_commit(&fs, &batch), 0); /* empty: nothing to write */
	ck_assert_uint_eq(disk.writes, 0);
}
END_TEST

/* Puts keys "n/000".. one per batch, 16 a batch, until count keys exist. */
static void fill_keys(uint32_t count, uint32_t vlen)
{
	static uint8_t value[SFS_VALUE_MAX];
	char key[16];

	memset(value, 'v', sizeof(value));
	for (uint32_t i = 0; i < count;) {
		sfs_batch_init(&batch);
		for (uint32_t j = 0; j < SFS_BATCH_OPS_MAX && i < count; j++, i++) {
			(void)snprintf(key, sizeof(key), "n/%03u", i);
			ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, vlen), 0);
		}
		ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	}
}

START_TEST(test_full_store_refuses_and_deletes_work)
{
	struct sfs_dev dev;
	struct sfs_stats st;
	uint32_t writes;

	sim_disk_init(&disk, SIM_DISK_SECTORS_MAX);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	fill_keys(SFS_KEYS_MAX, 0);
	writes = disk.writes;
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_delete(&batch, "n/000", 5), 0);
	ck_assert_int_eq(sfs_batch_put(&batch, "n/new", 5, "x", 1), 0);
	ck_assert_int_eq(sfs_batch_put(&batch, "n/new2", 6, "x", 1), 0);
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_NOSPC);
	ck_assert_uint_eq(disk.writes, writes);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, SFS_KEYS_MAX);
	expect_value("n/000", "");
	batch.count = 2; /* delete one, add one: fits */
	ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	expect_value("n/new", "x");
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, SFS_KEYS_MAX);
}
END_TEST

START_TEST(test_disk_capacity_refused_before_writing)
{
	static uint8_t value[SFS_VALUE_MAX];
	struct sfs_stats st;
	uint32_t writes;
	uint32_t i = 0;
	char key[16];
	int rc;

	fresh_store();
	do {
		(void)snprintf(key, sizeof(key), "big/%u", i++);
		sfs_batch_init(&batch);
		ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, sizeof(value)), 0);
		writes = disk.writes;
		rc = sfs_commit(&fs, &batch);
	} while (rc == 0 && i < 100);
	ck_assert_int_eq(rc, ERR_NOSPC);
	ck_assert_uint_eq(disk.writes, writes);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, i - 1u);
	ck_assert_uint_le(st.bytes_used, st.bytes_capacity);
	ck_assert_uint_gt(st.bytes_used + sfs_op_bytes(strlen(key), SFS_VALUE_MAX),
			  st.bytes_capacity);
	/* a delete always goes through on a full store, compaction or not */
	for (uint32_t k = 0; k + 1u < i; k++) {
		(void)snprintf(key, sizeof(key), "big/%u", k);
		sfs_batch_init(&batch);
		ck_assert_int_eq(sfs_batch_delete(&batch, key, strlen(key)), 0);
		ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	}
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, 0);
	ck_assert_uint_eq(st.bytes_used, 0);
}
END_TEST

START_TEST(test_compaction_keeps_content)
{
	static struct model m;
	struct sfs_dev dev = fresh_store();
	struct sfs_stats st;
	char key[16];
	char value[64];

	model_init(&m);
	for (uint32_t i = 0; i < 200; i++) {
		(void)snprintf(key, sizeof(key), "c/%u", i % 13u);
		(void)snprintf(value, sizeof(value), "value %u of %s", i, key);
		sfs_batch_init(&batch);
		ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, strlen(value)), 0);
		ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
		model_apply(&m, &batch);
	}
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_ge(st.compactions, 3);
	ck_assert_uint_eq(st.generation, 1u + st.compactions);
	ck_assert_uint_eq(st.commits, 200);
	ck_assert_uint_gt(st.next_seq, 200);
	ck_assert(model_same(&fs, &m));
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
}
END_TEST

START_TEST(test_damaged_value_is_corrupt)
{
	struct sfs_dev dev = fresh_store();
	char buf[SFS_VALUE_MAX];
	size_t len = 7;
	uint32_t pos = 0;

	put1("ns/one", "first value");
	put1("ns/two", "second value");
	ck_assert(sfs_index_find(&fs, (const uint8_t *)"ns/two", 6, &pos));
	disk.data[fs.index[pos].lba][SFS_TAG_BYTES + fs.index[pos].off + SFS_OP_HEAD + 6] ^= 0x20;
	ck_assert_int_eq(sfs_get(&fs, "ns/two", 6, buf, sizeof(buf), &len), ERR_CORRUPT);
	ck_assert_uint_eq(len, 7);
	expect_value("ns/one", "first value");
	/* the record fails its checksum now: mount ends the log before it */
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	expect_value("ns/one", "first value");
	ck_assert_int_eq(sfs_get(&fs, "ns/two", 6, buf, sizeof(buf), &len), ERR_NOTFOUND);
}
END_TEST

START_TEST(test_get_needs_room)
{
	char buf[4];
	size_t len = 3;

	fresh_store();
	put1("k", "12345");
	ck_assert_int_eq(sfs_get(&fs, "k", 1, buf, sizeof(buf), &len), ERR_RANGE);
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(sfs_get(&fs, "k", 0, buf, sizeof(buf), &len), ERR_INVAL);
	ck_assert_int_eq(
		sfs_get(&fs, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
			SFS_KEY_MAX + 1, buf, sizeof(buf), &len),
		ERR_TOOLONG);
}
END_TEST

static int mount_fresh(void)
{
	struct sfs_dev dev = sim_disk_dev(&disk);

	return sfs_mount(&fs, &dev, NULL);
}

START_TEST(test_mount_refuses_what_is_not_a_store)
{
	struct sfs_dev dev;
	struct sfs_stats st;

	sim_disk_init(&disk, DISK_SECTORS);
	ck_assert_int_eq(mount_fresh(), ERR_NOTFOUND); /* zeros */
	for (uint32_t s = 0; s < DISK_SECTORS; s++) {
		for (uint32_t b = 0; b < SFS_SECTOR_SIZE; b++)
			disk.data[s][b] = (uint8_t)(s * 131u + b * 7u + 1u);
	}
	ck_assert_int_eq(mount_fresh(), ERR_NOTFOUND); /* garbage */
	ck_assert_int_eq(sfs_stats(&fs, &st), ERR_INVAL);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(mount_fresh(), 0);
	disk.data[0][20] ^= 1;
	ck_assert_int_eq(mount_fresh(), 0); /* the other copy */
	disk.data[1][20] ^= 1;
	ck_assert_int_eq(mount_fresh(), ERR_CORRUPT);
	disk.data[1][8] = 2; /* a newer version */
	ck_assert_int_eq(mount_fresh(), ERR_VERSION);
	sim_disk_init(&disk, SFS_DISK_MIN_SECTORS - 1u);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), ERR_RANGE);
	ck_assert_uint_eq(disk.writes, 0);
}
END_TEST

START_TEST(test_superblock_geometry_checked)
{
	struct sfs_dev dev = fresh_store();

	dev.sectors = DISK_SECTORS - 10u; /* the store is larger than the device */
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), ERR_CORRUPT);
}
END_TEST

START_TEST(test_torn_tail_reported)
{
	struct sfs_dev dev = fresh_store();
	struct sfs_mount_report rep;
	uint32_t tail;

	put1("a", "1");
	tail = fs.tail;
	put1("b", "2");
	disk.data[fs.area_lba[fs.active] + tail][40] ^= 0xff; /* b's record, torn */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.records_replayed, 1);
	ck_assert_uint_eq(rep.bytes_discarded, SFS_SECTOR_SIZE);
	ck_assert(!rep.damaged);
	ck_assert_uint_eq(rep.keys, 1);
	put1("c", "3"); /* over the torn record */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.records_replayed, 2);
	ck_assert_uint_eq(rep.bytes_discarded, 0);
	expect_value("c", "3");
}
END_TEST

static void list_all(const char *prefix, uint32_t page, char *out, size_t cap)
{
	struct sfs_key keys[8];
	struct sfs_cursor cur;
	uint32_t n = 0;

	out[0] = '\0';
	sfs_cursor_init(&cur);
	do {
		ck_assert_int_eq(sfs_list(&fs, prefix, strlen(prefix), &cur, keys, page, &n), 0);
		for (uint32_t i = 0; i < n; i++) {
			strncat(out, (const char *)keys[i].bytes, keys[i].len);
			strncat(out, " ", cap - strlen(out) - 1u);
		}
	} while (n == page);
}

START_TEST(test_list_prefix_and_cursor)
{
	struct sfs_key keys[4];
	struct sfs_cursor cur;
	char out[256];
	uint32_t n = 9;

	fresh_store();
	put1("b/2", "x");
	put1("a/1", "x");
	put1("b/1", "x");
	put1("b", "x");
	put1("b/10", "x");
	put1("c", "x");
	list_all("", 2, out, sizeof(out));
	ck_assert_str_eq(out, "a/1 b b/1 b/10 b/2 c ");
	list_all("b/", 2, out, sizeof(out));
	ck_assert_str_eq(out, "b/1 b/10 b/2 ");
	list_all("b/1", 1, out, sizeof(out));
	ck_assert_str_eq(out, "b/1 b/10 ");
	list_all("z", 3, out, sizeof(out));
	ck_assert_str_eq(out, "");
	/* a key added behind the cursor is not seen, one ahead of it is */
	sfs_cursor_init(&cur);
	ck_assert_int_eq(sfs_list(&fs, "b/", 2, &cur, keys, 1, &n), 0);
	ck_assert_uint_eq(n, 1);
	put1("b/0", "x");
	put1("b/3", "x");
	ck_assert_int_eq(sfs_list(&fs, "b/", 2, &cur, keys, 4, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_mem_eq(keys[0].bytes, "b/10", 4);
	ck_assert_mem_eq(keys[2].bytes, "b/3", 3);
	ck_assert_int_eq(sfs_list(&fs, "b/", 2, &cur, keys, 4, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(sfs_list(&fs, NULL, 1, &cur, keys, 4, &n), ERR_INVAL);
}
END_TEST

START_TEST(test_unmounted_store_refuses)
{
	char buf[4];
	size_t len = 0;

	memset(&fs, 0, sizeof(fs));
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_INVAL);
	ck_assert_int_eq(sfs_get(&fs, "k", 1, buf, sizeof(buf), &len), ERR_INVAL);
	ck_assert_int_eq(sfs_mount(&fs, NULL, NULL), ERR_INVAL);
	ck_assert_int_eq(sfs_format(NULL), ERR_INVAL);
}
END_TEST

static void add_tests(TCase *tc)
{
	tcase_add_test(tc, test_crc32c_known_answer);
	tcase_add_test(tc, test_format_mount_empty);
	tcase_add_test(tc, test_put_get_delete_remount);
	tcase_add_test(tc, test_struct_is_small);
	tcase_add_test(tc, test_batch_bounds_change_nothing);
	tcase_add_test(tc, test_commit_refuses_malformed_batch);
	tcase_add_test(tc, test_full_store_refuses_and_deletes_work);
	tcase_add_test(tc, test_disk_capacity_refused_before_writing);
	tcase_add_test(tc, test_compaction_keeps_content);
	tcase_add_test(tc, test_damaged_value_is_corrupt);
	tcase_add_test(tc, test_get_needs_room);
	tcase_add_test(tc, test_mount_refuses_what_is_not_a_store);
	tcase_add_test(tc, test_superblock_geometry_checked);
	tcase_add_test(tc, test_torn_tail_reported);
	tcase_add_test(tc, test_list_prefix_and_cursor);
	tcase_add_test(tc, test_unmounted_store_refuses);
}

int main(void)
{
	Suite *s = suite_create("statefs");
	TCase *tc = tcase_create("statefs");
	SRunner *sr;
	int failed;

	add_tests(tc);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, statefs_fault_tcase());
	suite_add_tcase(s, statefs_large_tcase());
	suite_add_tcase(s, statefs_damage_tcase());
	suite_add_tcase(s, statefs_crash_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
