/*
 * Damage and crafted images: superblock copies with a generation at the top
 * of its range or in the wrong slot, a format over a store whose
 * superblocks are both damaged, a damaged value that is live when a
 * compaction comes, and a damaged record in the middle of the log.
 */
#include <check.h>
#include <string.h>

#include "../sfs_internal.h"
#include "cairn/abi/errors.h"
#include "sim_disk.h"
#include "statefs.h"
#include "statefs_tests.h"

#define DAMAGE_DISK_SECTORS 64u

static struct sim_disk disk;
static struct sfs fs;
static struct sfs_batch batch;

static struct sfs_dev formatted(void)
{
	struct sfs_dev dev;

	sim_disk_init(&disk, DAMAGE_DISK_SECTORS);
	dev = sim_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	return dev;
}

static int put(const char *key, const char *value)
{
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_put(&batch, key, strlen(key), value, strlen(value)), 0);
	return sfs_commit(&fs, &batch);
}

static int del(const char *key)
{
	sfs_batch_init(&batch);
	ck_assert_int_eq(sfs_batch_delete(&batch, key, strlen(key)), 0);
	return sfs_commit(&fs, &batch);
}

static int get(const char *key)
{
	char buf[SFS_VALUE_MAX];
	size_t len = 0;

	return sfs_get(&fs, key, strlen(key), buf, sizeof(buf), &len);
}

/* Commits puts of key until the next one-sector record needs a compaction. */
static void fill_log(const char *key)
{
	struct sfs_stats st;

	for (;;) {
		ck_assert_int_eq(sfs_stats(&fs, &st), 0);
		if (st.log_sectors_used + 1u > st.area_sectors)
			return;
		ck_assert_int_eq(put(key, "filler"), 0);
	}
}

/* Rewrites the superblock copy in sector slot with another generation, checksum and all. */
static void craft_generation(uint32_t slot, uint64_t generation)
{
	struct sfs_super sb;

	ck_assert_int_eq(sfs_super_decode(disk.data[slot], DAMAGE_DISK_SECTORS, &sb), 0);
	sb.generation = generation;
	sfs_super_encode(&sb, disk.data[slot]);
}

START_TEST(test_top_generation_is_corrupt)
{
	struct sfs_dev dev = formatted();
	struct sfs_mount_report rep;

	craft_generation(1, UINT64_MAX); /* odd: the right slot */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.superblock, 0);
	fill_log("a");
	ck_assert_int_eq(put("k", "acked"), 0); /* compacts: generation 1 goes to sector 1 */
	ck_assert_uint_eq(fs.compactions, 1);
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.generation, 1);
	ck_assert_int_eq(get("k"), 0);
	/* the last generation a compaction could not raise: refused, nothing written */
	craft_generation(1, SFS_COUNTER_LIMIT - 1u);
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.generation, SFS_COUNTER_LIMIT - 1u);
	fill_log("a");
	sim_disk_arm(&disk, 0, SIM_CUT_NONE);
	ck_assert_int_eq(put("k", "again"), ERR_CORRUPT);
	ck_assert_uint_eq(disk.writes, 0);
}
END_TEST

START_TEST(test_generation_in_wrong_slot_is_corrupt)
{
	struct sfs_dev dev = formatted();
	struct sfs_mount_report rep;

	craft_generation(1, 4); /* even, in the odd slot: the other copy is taken */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.superblock, 0);
	ck_assert_uint_eq(rep.generation, 0);
	craft_generation(0, 3);
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), ERR_CORRUPT);
}
END_TEST

/* How the old store's superblocks are damaged before the new format. */
static void damage_superblocks(int how)
{
	if (how == 0) { /* a bit of each copy: the magic stays, the checksums fail */
		disk.data[0][20] ^= 1;
		disk.data[1][20] ^= 1;
	} else { /* both sectors gone: only the records show the old store */
		memset(disk.data[0], 0, sizeof(disk.data[0]));
		memset(disk.data[1], 0, sizeof(disk.data[1]));
	}
}

START_TEST(test_format_forgets_a_damaged_store)
{
	struct sfs_dev dev = formatted();
	struct sfs_mount_report rep;

	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(put("boot", "1"), 0);
	ck_assert_int_eq(put("secret", "old store"), 0);
	ck_assert_int_eq(put("x", "y"), 0);
	damage_superblocks(_i);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), _i == 0 ? ERR_CORRUPT : ERR_NOTFOUND);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(put("boot", "1"), 0); /* the same first record as the old store's */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert_uint_eq(rep.records_replayed, 1);
	ck_assert_uint_eq(rep.keys, 1);
	ck_assert_int_eq(get("secret"), ERR_NOTFOUND);
}
END_TEST

/* Flips a byte of key's value on the disk: its op and its record fail their checksums. */
static void damage_value(const char *key)
{
	uint32_t pos = 0;
	const struct sfs_entry *e;

	ck_assert(sfs_index_find(&fs, (const uint8_t *)key, (uint32_t)strlen(key), &pos));
	e = &fs.index[pos];
	disk.data[e->lba][SFS_TAG_BYTES + e->off + SFS_OP_HEAD + e->klen] ^= 1;
}

/* A compaction meets a damaged live value: refused, until a batch deletes or writes it over. */
START_TEST(test_damaged_value_does_not_wedge)
{
	struct sfs_dev dev = formatted();
	struct sfs_mount_report rep;

	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(put("bad", "hello"), 0);
	ck_assert_int_eq(put("good", "x"), 0);
	damage_value("bad");
	fill_log("good");
	sim_disk_arm(&disk, 0, SIM_CUT_NONE);
	ck_assert_int_eq(put("other", "x"), ERR_CORRUPT);
	ck_assert_uint_eq(fs.compactions, 0);
	ck_assert_int_eq(get("bad"), ERR_CORRUPT);
	ck_assert_int_eq(get("good"), 0);
	ck_assert_int_eq(_i == 0 ? del("bad") : put("bad", "new"), 0);
	ck_assert_uint_eq(fs.compactions, 1);
	ck_assert_int_eq(put("other", "x"), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert(!rep.damaged);
	ck_assert_uint_eq(rep.keys, _i == 0 ? 2u : 3u);
	ck_assert_int_eq(get("bad"), _i == 0 ? ERR_NOTFOUND : 0);
	ck_assert_int_eq(get("good"), 0);
	ck_assert_int_eq(get("other"), 0);
}
END_TEST

/* A damaged record with the log going on behind it is reported, not taken for a torn tail. */
START_TEST(test_damaged_record_mid_log_reported)
{
	struct sfs_dev dev = formatted();
	struct sfs_mount_report rep;

	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(put("first", "1"), 0);
	ck_assert_int_eq(put("bad", "hello"), 0);
	ck_assert_int_eq(put("later", "acked"), 0);
	damage_value("later"); /* the last record: like a torn tail */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert(!rep.damaged);
	ck_assert_uint_eq(rep.records_replayed, 2);
	ck_assert_int_eq(put("later", "again"), 0);
	damage_value("bad"); /* in the middle */
	ck_assert_int_eq(sfs_mount(&fs, &dev, &rep), 0);
	ck_assert(rep.damaged);
	ck_assert_uint_eq(rep.records_replayed, 1);
	ck_assert_uint_eq(rep.bytes_discarded, SFS_SECTOR_SIZE);
	ck_assert_uint_eq(rep.keys, 1);
}
END_TEST

TCase *statefs_damage_tcase(void)
{
	TCase *tc = tcase_create("damage");

	tcase_add_test(tc, test_top_generation_is_corrupt);
	tcase_add_test(tc, test_generation_in_wrong_slot_is_corrupt);
	tcase_add_loop_test(tc, test_format_forgets_a_damaged_store, 0, 2);
	tcase_add_loop_test(tc, test_damaged_value_does_not_wedge, 0, 2);
	tcase_add_test(tc, test_damaged_record_mid_log_reported);
	return tc;
}
