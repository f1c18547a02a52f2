/*
 * Crash-point replay. Each workload is a fixed list of batches on a small
 * disk (so the log fills and compaction runs several times). It is run once
 * to count its device writes, N; then for every write k in 1..N and every
 * cut variant (sim_disk.h) it runs again from the same formatted disk with
 * the power cut at write k, reboots, mounts and checks: the mount succeeds
 * and reports no damage; the store holds exactly the batches acknowledged
 * before the cut, or those and the batch in flight (never part of it); no
 * get of a live key fails its check; a commit after recovery works and
 * survives a clean remount. At every SECOND_CUT_EVERY-th point the power is
 * cut a second time, during the first commit after recovery, and the same
 * holds after it. Every workload runs twice: formatted over zeros, and
 * formatted over an old store (the same workload, run to its end) whose
 * superblocks were then damaged. One line per run on stderr gives the
 * figures.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "model.h"
#include "sim_disk.h"
#include "statefs.h"
#include "statefs_tests.h"

#define CRASH_DISK_SECTORS 64u /* two areas of 31 sectors */
#define SECOND_CUT_EVERY   4u  /* crash points with a second cut: one in this many */
#define CRASH_BASES	   2   /* formatted over zeros, over an old store */
#define OLD_STORE_STRIDE   2u  /* over an old store: every other write's crash points */

struct workload {
	const char *name;
	uint32_t batches;
	void (*make)(uint32_t i, struct sfs_batch *b);
};

/* What replaying one workload found. */
struct crash_tally {
	uint32_t writes;      /* N: device writes of the whole workload */
	uint32_t points;      /* crash points replayed */
	uint32_t lost;	      /* recoveries that matched neither allowed state */
	uint32_t corrupt;     /* gets of live keys that answered ERR_CORRUPT */
	uint32_t bad_mounts;  /* mounts that failed after a cut */
	uint32_t bad_after;   /* commits after recovery that failed or did not survive */
	uint32_t kept;	      /* cuts after which the batch in flight was there */
	uint32_t damaged;     /* mounts that reported damage after a cut */
	uint32_t seconds;     /* second cuts, during the commit after recovery */
	uint32_t bad_second;  /* recoveries from a second cut that failed or lost a batch */
	uint64_t compactions; /* in the run without a cut */
};

static struct sim_disk disk;
static uint8_t formatted[CRASH_DISK_SECTORS][SFS_SECTOR_SIZE];
static struct sfs fs;
static struct model before, after;

static void put_text(struct sfs_batch *b, const char *key, uint32_t vlen, uint32_t seed)
{
	uint8_t value[SFS_VALUE_MAX];

	for (uint32_t i = 0; i < vlen; i++)
		value[i] = (uint8_t)(seed * 31u + i * 7u + (i >> 3));
	ck_assert_int_eq(sfs_batch_put(b, key, strlen(key), value, vlen), 0);
}

static void del_text(struct sfs_batch *b, const char *key)
{
	ck_assert_int_eq(sfs_batch_delete(b, key, strlen(key)), 0);
}

static void make_small_puts(uint32_t i, struct sfs_batch *b)
{
	char key[32];

	(void)snprintf(key, sizeof(key), "svc/key%02u", i % 24u);
	put_text(b, key, 8u + (i * 7u) % 40u, i);
}

static void make_overwrites(uint32_t i, struct sfs_batch *b)
{
	char key[32];

	(void)snprintf(key, sizeof(key), "cfg/%u", i % 4u);
	put_text(b, key, 200u + (i * 37u) % 300u, i);
}

static void make_deletes(uint32_t i, struct sfs_batch *b)
{
	char key[32];

	(void)snprintf(key, sizeof(key), "tmp/%u", (i % 3u == 2u ? i / 3u : i) % 10u);
	if (i % 3u == 2u)
		del_text(b, key);
	else
		put_text(b, key, 30u + i % 50u, i);
}

static void make_large(uint32_t i, struct sfs_batch *b)
{
	char key[32];

	(void)snprintf(key, sizeof(key), "big/%u", i % 3u);
	put_text(b, key, i % 2u == 0 ? SFS_VALUE_MAX : 700u, i);
}

/* Up to 16 ops, some on the same key twice, deletes among them. */
static void make_mixed(uint32_t i, struct sfs_batch *b)
{
	char key[32];

	for (uint32_t j = 0; j <= i % SFS_BATCH_OPS_MAX; j++) {
		(void)snprintf(key, sizeof(key), "mix/%u", (i * 5u + j * 3u) % 11u);
		if (j % 4u == 3u)
			del_text(b, key);
		else
			put_text(b, key, (i * 13u + j * 29u) % 120u, i + j);
	}
}

static const struct workload workloads[] = {
	{"small-puts", 90, make_small_puts}, {"overwrites", 100, make_overwrites},
	{"deletes", 110, make_deletes},	     {"large", 45, make_large},
	{"mixed", 64, make_mixed},
};

static void make_batch(const struct workload *w, uint32_t i, struct sfs_batch *b)
{
	sfs_batch_init(b);
	w->make(i, b);
}

/* The disk as formatted, the counts zeroed and the cut armed. */
static void fresh_disk(uint32_t cut_at, enum sim_cut cut)
{
	sim_disk_reboot(&disk);
	memcpy(disk.data, formatted, sizeof(formatted));
	sim_disk_arm(&disk, cut_at, cut);
}

static struct sfs_dev dev_now(void)
{
	return sim_disk_dev(&disk);
}

/* Runs w's batches until one fails; returns how many were acknowledged. */
static uint32_t run_until_cut(const struct workload *w)
{
	static struct sfs_batch b;
	struct sfs_dev dev = dev_now();
	uint32_t acked = 0;

	ck_assert_int_eq(sfs_mount(&fs, &dev, NULL), 0);
	for (uint32_t i = 0; i < w->batches; i++) {
		make_batch(w, i, &b);
		if (sfs_commit(&fs, &b) != 0) {
			ck_assert(disk.dead); /* only the cut makes a commit fail here */
			break;
		}
		acked++;
	}
	return acked;
}

static void model_upto(const struct workload *w, struct model *m, uint32_t n)
{
	static struct sfs_batch b;

	model_init(m);
	for (uint32_t i = 0; i < n; i++) {
		make_batch(w, i, &b);
		model_apply(m, &b);
	}
}

/* Mounts after a cut: false if the mount fails or reports damage. */
static bool mount_after_cut(struct crash_tally *t)
{
	struct sfs_dev dev = dev_now();
	struct sfs_mount_report rep;

	sim_disk_reboot(&disk);
	if (sfs_mount(&fs, &dev, &rep) != 0)
		return false;
	t->damaged += rep.damaged ? 1u : 0u;
	return true;
}

/*
 * After recovery, at the k-th crash point replayed: the power goes again at the first or
 * second write of the next commit. The store must then hold *m, or *m and
 * that batch (which *m then takes).
 */
static bool second_cut(struct model *m, uint32_t k, struct crash_tally *t)
{
	static struct sfs_batch b;
	static struct model with;
	uint32_t n = k / SECOND_CUT_EVERY;
	int rc;

	sfs_batch_init(&b);
	ck_assert_int_eq(sfs_batch_put(&b, "after/second", 12, "cut again", 9), 0);
	sim_disk_arm(&disk, 1u + n % 2u, (enum sim_cut)(n % SIM_CUTS));
	rc = sfs_commit(&fs, &b);
	t->seconds++;
	with = *m;
	model_apply(&with, &b);
	if (!mount_after_cut(t))
		return false;
	if (rc != 0 && model_same(&fs, m))
		return true;
	*m = with;
	return model_same(&fs, m);
}

/* After recovery: one more commit, then a clean remount must hold it too. */
static bool commit_after(struct model *m)
{
	static struct sfs_batch b;
	struct sfs_dev dev = dev_now();

	sfs_batch_init(&b);
	ck_assert_int_eq(sfs_batch_put(&b, "after/cut", 9, "ok", 2), 0);
	if (sfs_commit(&fs, &b) != 0)
		return false;
	model_apply(m, &b);
	if (sfs_mount(&fs, &dev, NULL) != 0)
		return false;
	return model_same(&fs, m);
}

/* Recovers after the cut of one crash point and judges the result. */
static void check_point(const struct workload *w, uint32_t acked, struct crash_tally *t)
{
	struct model_diff d;
	struct model *m;
	bool in_flight;

	t->points++;
	if (!mount_after_cut(t)) {
		t->bad_mounts++;
		return;
	}
	model_upto(w, &before, acked);
	model_upto(w, &after, acked < w->batches ? acked + 1u : acked);
	d = model_compare(&fs, &before, 5);
	t->corrupt += d.corrupt;
	in_flight = d.mismatches + d.corrupt + d.failed != 0;
	if (in_flight && !model_same(&fs, &after)) {
		t->lost++;
		return;
	}
	t->kept += in_flight ? 1u : 0u;
	m = in_flight ? &after : &before;
	if (t->points % SECOND_CUT_EVERY == 0 && !second_cut(m, t->points, t)) {
		t->bad_second++;
		return;
	}
	if (!commit_after(m))
		t->bad_after++;
}

/* The run without a cut: every commit succeeds; N and the compactions. */
static void clean_run(const struct workload *w, struct crash_tally *t)
{
	struct sfs_stats st;

	fresh_disk(0, SIM_CUT_NONE);
	ck_assert_uint_eq(run_until_cut(w), w->batches);
	ck_assert_int_eq(sfs_stats(&fs, &st), 0);
	t->writes = disk.writes;
	t->compactions = st.compactions;
	model_upto(w, &before, w->batches);
	ck_assert(model_same(&fs, &before));
}

/* Replays every stride-th write's crash points, from the first. */
static void replay(const struct workload *w, uint32_t stride, struct crash_tally *t)
{
	memset(t, 0, sizeof(*t));
	clean_run(w, t);
	for (uint32_t k = 1; k <= t->writes; k += stride) {
		for (int cut = 0; cut < SIM_CUTS; cut++) {
			fresh_disk(k, (enum sim_cut)cut);
			check_point(w, run_until_cut(w), t);
		}
	}
	fresh_disk(0, SIM_CUT_NONE); /* and the point after the last write */
	check_point(w, run_until_cut(w), t);
}

/*
 * The disk the replay starts from, formatted: over zeros (base 0), or over
 * an old store that ran the whole workload and then lost both superblocks
 * to damage, a flipped bit in each or both sectors zeroed by turns (base 1):
 * none of the old store's records may join the new one.
 */
static void format_base(const struct workload *w, int base, int turn)
{
	struct sfs_dev dev;

	sim_disk_init(&disk, CRASH_DISK_SECTORS);
	dev = dev_now();
	ck_assert_int_eq(sfs_format(&dev), 0);
	if (base == 1) {
		ck_assert_uint_eq(run_until_cut(w), w->batches);
		if (turn % 2 == 0) {
			disk.data[0][20] ^= 1;
			disk.data[1][20] ^= 1;
		} else {
			memset(disk.data, 0, 2u * sizeof(disk.data[0]));
		}
		ck_assert_int_eq(sfs_format(&dev), 0);
	}
	memcpy(formatted, disk.data, sizeof(formatted));
}

#define NWORKLOADS ((int)(sizeof(workloads) / sizeof(workloads[0])))

START_TEST(test_crash_points)
{
	const struct workload *w = &workloads[_i % NWORKLOADS];
	int base = _i / NWORKLOADS;
	uint32_t stride = base == 0 ? 1u : OLD_STORE_STRIDE;
	struct crash_tally t;

	format_base(w, base, _i);
	replay(w, stride, &t);
	(void)fprintf(stderr,
		      "statefs crash %-10s %s: %u crash points (%u of %u writes x %d cuts + 1), %u "
		      "second cuts, %u lost commits, %u corrupt reads, %u failed mounts, %u "
		      "damage reports, in-flight batch kept %u times, %llu compactions\n",
		      w->name, base == 0 ? "on zeros    " : "on old store", t.points,
		      (t.writes + stride - 1u) / stride, t.writes, (int)SIM_CUTS, t.seconds,
		      t.lost + t.bad_second, t.corrupt, t.bad_mounts, t.damaged, t.kept,
		      (unsigned long long)t.compactions);
	ck_assert_uint_eq(t.points, (t.writes + stride - 1u) / stride * SIM_CUTS + 1u);
	ck_assert_uint_ge(t.compactions, 3);
	ck_assert_uint_eq(t.bad_mounts, 0);
	ck_assert_uint_eq(t.damaged, 0);
	ck_assert_uint_eq(t.lost, 0);
	ck_assert_uint_eq(t.bad_second, 0);
	ck_assert_uint_eq(t.corrupt, 0);
	ck_assert_uint_eq(t.bad_after, 0);
	ck_assert_uint_gt(t.kept, 0); /* some cuts land after the data did */
	ck_assert_uint_ge(t.seconds, t.points / SECOND_CUT_EVERY - 1u);
}
END_TEST

TCase *statefs_crash_tcase(void)
{
	TCase *tc = tcase_create("crash");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_crash_points, 0, NWORKLOADS * CRASH_BASES);
	return tc;
}
