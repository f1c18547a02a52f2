/*
 * Large devices: the capacity and the snapshot bound on areas up to the
 * largest a store uses, and whole stores on sparse disks of 8 GiB, 2 TiB
 * (the most sectors a store uses) and 512 TiB (more than it uses): every
 * key at its longest with the longest value fits, reads back after a
 * remount, and deletes empty it again.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "../sfs_internal.h"
#include "cairn/abi/errors.h"
#include "sparse_disk.h"
#include "statefs.h"
#include "statefs_tests.h"

/* The area where 32-bit byte counts first wrapped, its neighbours, and the largest. */
static const uint32_t areas[] = {
	2u * SFS_REC_SECTORS, 31u, 1000u, 100000u, 8454761u, 8454762u, 8454800u, 16909523u,
	0x7ffffffeu,
};

static const uint64_t disks[] = {
	2u + 2u * 8454762u, /* just over 8 GiB */
	SFS_SECTORS_MAX,    /* 2 TiB */
	1ull << 40,	    /* 512 TiB: the store uses its first SFS_SECTORS_MAX sectors */
};

static struct sparse_disk disk;
static struct sfs fs;
static struct sfs_batch batch;

START_TEST(test_capacity_on_large_areas)
{
	uint32_t last = 0;

	for (uint32_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		uint32_t cap = sfs_capacity(areas[i]);

		ck_assert_uint_ge(cap, last);
		ck_assert_uint_le(cap, SFS_LIVE_MAX);
		ck_assert_uint_le((uint64_t)sfs_snapshot_bound(cap) + SFS_REC_SECTORS, areas[i]);
		last = cap;
	}
	ck_assert_uint_eq(sfs_capacity(100000u), SFS_LIVE_MAX);
	ck_assert_uint_eq(sfs_capacity(0x7ffffffeu), SFS_LIVE_MAX);
	ck_assert_uint_gt(sfs_snapshot_bound(0xffffffffu), sfs_snapshot_bound(0x7fffffffu));
}
END_TEST

/* The key of number i, SFS_KEY_MAX bytes long. */
static void long_key(uint32_t i, uint8_t *key)
{
	memset(key, 'k', SFS_KEY_MAX);
	(void)snprintf((char *)key, SFS_KEY_MAX, "big/%03u", i);
}

/* Puts every key at its longest with the longest value, three a batch. */
static void fill_store(void)
{
	static uint8_t value[SFS_VALUE_MAX];
	uint8_t key[SFS_KEY_MAX];

	for (uint32_t i = 0; i < SFS_KEYS_MAX;) {
		sfs_batch_init(&batch);
		for (uint32_t j = 0; j < 3u && i < SFS_KEYS_MAX; j++, i++) {
			long_key(i, key);
			memset(value, (int)i, sizeof(value));
			ck_assert_int_eq(
				sfs_batch_put(&batch, key, SFS_KEY_MAX, value, SFS_VALUE_MAX), 0);
		}
		ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	}
}

static void check_value(uint32_t i)
{
	static uint8_t buf[SFS_VALUE_MAX];
	uint8_t key[SFS_KEY_MAX];
	size_t len = 0;

	long_key(i, key);
	ck_assert_int_eq(sfs_get(&fs, key, SFS_KEY_MAX, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, SFS_VALUE_MAX);
	ck_assert_uint_eq(buf[0], (uint8_t)i);
	ck_assert_uint_eq(buf[SFS_VALUE_MAX - 1u], (uint8_t)i);
}

START_TEST(test_large_disk_holds_a_full_store)
{
	uint64_t sectors = disks[_i] < SFS_SECTORS_MAX ? disks[_i] : SFS_SECTORS_MAX;
	struct sfs_dev dev;
	struct sfs_stats st;
	uint8_t key[SFS_KEY_MAX];

	sparse_disk_init(&disk, disks[_i]);
	dev = sparse_disk_dev(&disk);
	ck_assert_int_eq(sfs_format(&dev), 0);
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.area_sectors, (sectors - 2u) / 2u);
	ck_assert_uint_eq(st.bytes_capacity, SFS_LIVE_MAX);
	fill_store();
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, SFS_KEYS_MAX);
	ck_assert_uint_eq(st.bytes_used, SFS_LIVE_MAX);
	check_value(0);
	check_value(SFS_KEYS_MAX - 1u);
	for (uint32_t i = 0; i < SFS_KEYS_MAX; i++) {
		long_key(i, key);
		sfs_batch_init(&batch);
		ck_assert_int_eq(sfs_batch_delete(&batch, key, SFS_KEY_MAX), 0);
		ck_assert_int_eq(sfs_commit(&fs, &batch), 0);
	}
	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	ck_assert_uint_eq(st.keys, 0);
}
END_TEST

TCase *statefs_large_tcase(void)
{
	TCase *tc = tcase_create("large");

	tcase_add_test(tc, test_capacity_on_large_areas);
	tcase_add_loop_test(tc, test_large_disk_holds_a_full_store, 0,
			    (int)(sizeof(disks) / sizeof(disks[0])));
	return tc;
}
