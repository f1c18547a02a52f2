/*
 * Device errors without a power cut: a write, flush or read that fails is
 * passed up as ERR_IO and leaves the store in memory as it was; the next
 * commit works (or, after a failed superblock switch, every commit is
 * ERR_IO until a remount), and a remount finds the acknowledged batches.
 */
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "model.h"
#include "sim_disk.h"
#include "statefs.h"
#include "statefs_tests.h"

#define FAULT_DISK_SECTORS 64u

static struct sim_disk disk;
static struct sfs fs;
static struct sfs_batch batch;
static struct model m;

static struct sfs_dev fault_store(void)
{
	struct sfs_dev dev;

	sim_disk_init(&disk, FAULT_DISK_SECTORS);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	model_init(&m);
	return dev;
}

static int mount_fault_dev(void)
{
	struct sfs_dev dev = sim_disk_dev(&disk);

	return sfs_mount(&fs, &dev, NULL);
}

static void make_put(const char *key, const char *value)
{
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, strlen(value)), 0);
}

static void commit_ok(const char *key, const char *value)
{
	make_put(key, value);
	ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	model_apply(&m, &batch);
}

START_TEST(test_failed_write_changes_nothing)
{
	struct sfs_dev dev = fault_store();
	struct sfs_stats before, now;

	commit_ok("a", "1");
	ck_assert_int_eq(sfs_stats(&fs, &before), 0);
	make_put("a", "2");
	disk.fail_write_at = disk.writes + 1u;
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	ck_assert_int_eq(sfs_stats(&fs, &now), 0);
	ck_assert_mem_eq(&now, &before, sizeof(now));
	ck_assert(model_same(&fs, &m));
	commit_ok("b", "3");
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
}
END_TEST

/* The data landed but the flush failed: in doubt, and written over by the next commit. */
START_TEST(test_failed_flush_is_written_over)
{
	struct sfs_dev dev = fault_store();

	commit_ok("a", "1");
	make_put("a", "in doubt");
	disk.fail_flush_at = disk.flushes + 1u;
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	ck_assert(model_same(&fs, &m));
	commit_ok("b", "2");
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
}
END_TEST

START_TEST(test_failed_flush_then_remount_is_atomic)
{
	static struct model with;
	struct sfs_dev dev = fault_store();

	commit_ok("a", "1");
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, "a", 1, "2", 1), 0);
	ck_assert_int_eq(sfs_batch_put(&batch, "b", 1, "3", 1), 0);
	disk.fail_flush_at = disk.flushes + 1u;
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	with = m;
	model_apply(&with, &batch);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m) || model_same(&fs, &with));
}
END_TEST

START_TEST(test_failed_read_is_io)
{
	char buf[8];
	size_t len = 5;

	fault_store();
	commit_ok("a", "1");
	disk.fail_read_at = disk.reads + 1u;
	ck_assert_int_eq(sfs_get(&fs, "a", 1, buf, sizeof(buf), &len), ERR_IO);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(sfs_get(&fs, "a", 1, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, 1);
	disk.fail_read_at = disk.reads + 1u;
	ck_assert_int_eq(mount_fault_dev(), ERR_IO);
}
END_TEST

/* Commits one-sector batches until the next one needs a compaction. */
static void fill_to_compaction(void)
{
	char key[8];
	struct sfs_stats st;

	for (uint32_t i = 0;; i++) {
		ck_assert_int_eq(sfs_stats(&fs, &st), 0);
		if (st.log_sectors_used + 1u > st.area_sectors)
			return;
		key[0] = (char)('a' + i % 5u);
		key[1] = '\0';
		commit_ok(key, "some value");
	}
}

START_TEST(test_failed_snapshot_write_retried)
{
	struct sfs_dev dev = fault_store();
	struct sfs_stats st;

	fill_to_compaction();
	make_put("z", "after");
	disk.fail_write_at = disk.writes + 1u; /* the snapshot's first record */
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	ck_assert(model_same(&fs, &m));
	commit_ok("z", "after");
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.compactions, 1);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
}
END_TEST

START_TEST(test_failed_switch_stops_commits)
{
	struct sfs_dev dev = fault_store();

	fill_to_compaction();
	make_put("z", "after");
	disk.fail_flush_at = disk.flushes + 2u; /* the superblock's flush; the write landed */
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	ck_assert(model_same(&fs, &m)); /* still read from the old area */
	ck_assert_int_eq(sfs_commit(&fs, &batch), ERR_IO);
	model_apply(&m, &batch); /* the switch landed, and the batch is in its snapshot */
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
	commit_ok("z", "again");
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert(model_same(&fs, &m));
}
END_TEST

TCase *statefs_fault_tcase(void)
{
	TCase *tc = tcase_create("faults");

	tcase_add_test(tc, test_failed_write_changes_nothing);
	tcase_add_test(tc, test_failed_flush_is_written_over);
	tcase_add_test(tc, test_failed_flush_then_remount_is_atomic);
	tcase_add_test(tc, test_failed_read_is_io);
	tcase_add_test(tc, test_failed_snapshot_write_retried);
	tcase_add_test(tc, test_failed_switch_stops_commits);
	return tc;
}
