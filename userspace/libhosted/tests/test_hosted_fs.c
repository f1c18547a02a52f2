/*
 * Host tests of the pure file layer (hosted_fs.h): routing paths, every
 * call and every error it answers, against a scratch backing (memory only),
 * a fake store (load, save, remove, rename over a small table, with errors
 * to order) and a read-only fake boot image.
 */
#define _DEFAULT_SOURCE

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hosted_fs.h"
#include "test_hosted_fs.h"

/* ---- a fake store: four names, each a malloc'd value ---- */

#define FAKE_MAX 4

struct fake {
	char name[FAKE_MAX][HOSTED_FS_NAME_MAX + 1];
	uint8_t *data[FAKE_MAX];
	size_t size[FAKE_MAX];
	bool used[FAKE_MAX];
	int fail; /* the next call's answer when not 0 */
	int saves;
	int loads;
};

static int fake_find(struct fake *k, const char *name)
{
	for (int i = 0; i < FAKE_MAX; i++) {
		if (k->used[i] && strcmp(k->name[i], name) == 0)
			return i;
	}
	return -1;
}

static int fake_failing(struct fake *k)
{
	int rc = k->fail;

	k->fail = 0;
	return rc;
}

static int fake_load(void *ctx, const char *name, uint8_t **ret_data, size_t *ret_size)
{
	struct fake *k = ctx;
	int i = fake_find(k, name);
	int rc = fake_failing(k);

	k->loads++;
	if (rc != 0)
		return rc;
	if (i < 0)
		return -ENOENT;
	*ret_data = NULL;
	if (k->size[i] != 0) {
		*ret_data = malloc(k->size[i]);
		memcpy(*ret_data, k->data[i], k->size[i]);
	}
	*ret_size = k->size[i];
	return 0;
}

static int fake_save(void *ctx, const char *name, const uint8_t *data, size_t size)
{
	struct fake *k = ctx;
	int i = fake_find(k, name);
	int rc = fake_failing(k);

	if (rc != 0)
		return rc;
	for (int j = 0; i < 0 && j < FAKE_MAX; j++) {
		if (!k->used[j])
			i = j;
	}
	if (i < 0)
		return -ENOSPC;
	free(k->data[i]);
	k->used[i] = true;
	memcpy(k->name[i], name, strlen(name) + 1);
	k->data[i] = malloc(size + 1);
	if (size != 0)
		memcpy(k->data[i], data, size);
	k->size[i] = size;
	k->saves++;
	return 0;
}

static int fake_remove(void *ctx, const char *name)
{
	struct fake *k = ctx;
	int i = fake_find(k, name);
	int rc = fake_failing(k);

	if (rc != 0)
		return rc;
	if (i < 0)
		return -ENOENT;
	free(k->data[i]);
	k->data[i] = NULL;
	k->used[i] = false;
	return 0;
}

static int fake_rename(void *ctx, const char *from, const char *to)
{
	struct fake *k = ctx;
	int i = fake_find(k, from);
	int t = fake_find(k, to);

	if (i < 0)
		return -ENOENT;
	if (t >= 0 && t != i)
		(void)fake_remove(k, to);
	memcpy(k->name[i], to, strlen(to) + 1);
	return 0;
}

static void fake_fini(struct fake *k)
{
	for (int i = 0; i < FAKE_MAX; i++)
		free(k->data[i]);
}

static struct fake store_fake;
static struct fake boot_fake;
static struct hosted_fs fs;
static const struct hosted_fs_backing scratch = {0};
static const struct hosted_fs_backing store = {.load = fake_load,
					       .save = fake_save,
					       .remove = fake_remove,
					       .rename = fake_rename,
					       .ctx = &store_fake,
					       .size_max = 100};
static const struct hosted_fs_backing boot = {
	.load = fake_load, .ctx = &boot_fake, .readonly = true};

static void setup(void)
{
	memset(&store_fake, 0, sizeof(store_fake));
	memset(&boot_fake, 0, sizeof(boot_fake));
	(void)fake_save(&boot_fake, "manifest", (const uint8_t *)"# lines\n", 8);
	hosted_fs_init(&fs);
}

static void teardown(void)
{
	hosted_fs_fini(&fs);
	fake_fini(&store_fake);
	fake_fini(&boot_fake);
}

/* ---- routing ---- */

START_TEST(test_route)
{
	enum hosted_fs_where w;
	const char *name;

	ck_assert_int_eq(hosted_fs_route("/boot/manifest", 31, 30, &w, &name), 0);
	ck_assert_int_eq(w, HOSTED_FS_WHERE_BOOT);
	ck_assert_str_eq(name, "manifest");
	ck_assert_int_eq(hosted_fs_route("foo.gz", 31, 30, &w, &name), 0);
	ck_assert_int_eq(w, HOSTED_FS_WHERE_NAMED);
	ck_assert_str_eq(name, "foo.gz");
	ck_assert_int_eq(hosted_fs_route("//notes", 31, 30, &w, &name), 0);
	ck_assert_str_eq(name, "notes");
	ck_assert_int_eq(hosted_fs_route("/bootx", 31, 30, &w, &name), 0);
	ck_assert_str_eq(name, "bootx");
	ck_assert_int_eq(hosted_fs_route("", 31, 30, &w, &name), -ENOENT);
	ck_assert_int_eq(hosted_fs_route(NULL, 31, 30, &w, &name), -ENOENT);
	ck_assert_int_eq(hosted_fs_route("/", 31, 30, &w, &name), -EISDIR);
	ck_assert_int_eq(hosted_fs_route("/boot", 31, 30, &w, &name), -EISDIR);
	ck_assert_int_eq(hosted_fs_route("/boot/", 31, 30, &w, &name), -EISDIR);
	ck_assert_int_eq(hosted_fs_route("/boot/a/b", 31, 30, &w, &name), -ENOENT);
	ck_assert_int_eq(hosted_fs_route("dir/file", 31, 30, &w, &name), -ENOENT);
	ck_assert_int_eq(hosted_fs_route("0123456789abcdef0123456789abcd", 31, 30, &w, &name), 0);
	ck_assert_int_eq(hosted_fs_route("0123456789abcdef0123456789abcde", 31, 30, &w, &name),
			 -ENAMETOOLONG);
	ck_assert_int_eq(
		hosted_fs_route("/boot/0123456789abcdef0123456789abcdef", 31, 30, &w, &name),
		-ENAMETOOLONG);
}
END_TEST

/* ---- open, read, write, lseek, close ---- */

START_TEST(test_write_read_back)
{
	char buf[32] = {0};
	struct stat st;
	int fd = hosted_fs_open(&fs, &store, "notes", O_WRONLY | O_CREAT | O_TRUNC);

	ck_assert_int_eq(fd, 0);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "hello, ", 7), 7);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "store", 5), 5);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, 4), -EBADF); /* write-only */
	ck_assert_int_eq(store_fake.saves, 0);			   /* nothing until close */
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(store_fake.saves, 1);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), -EBADF);
	/* read back: loaded afresh from the backing */
	fd = hosted_fs_open(&fs, &store, "notes", O_RDONLY);
	ck_assert_int_eq(fd, 0);
	ck_assert_int_eq(hosted_fs_fstat(&fs, fd, &st), 0);
	ck_assert_int_eq(st.st_size, 12);
	ck_assert_int_eq(st.st_mode, S_IFREG | 0644);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 12);
	ck_assert_mem_eq(buf, "hello, store", 12);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 0); /* the end */
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "x", 1), -EBADF);	/* read-only */
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(store_fake.saves, 1); /* unchanged: not saved again */
}
END_TEST

START_TEST(test_lseek)
{
	char buf[16] = {0};
	int fd = hosted_fs_open(&fs, &scratch, "f", O_RDWR | O_CREAT);

	ck_assert_int_eq(hosted_fs_write(&fs, fd, "abcdef", 6), 6);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 1, SEEK_SET), 1);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, 2), 2);
	ck_assert_mem_eq(buf, "bc", 2);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 1, SEEK_CUR), 4);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, 9), 2);
	ck_assert_mem_eq(buf, "ef", 2);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, -2, SEEK_END), 4);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, -7, SEEK_END), -EINVAL);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 0, 42), -EINVAL);
	ck_assert_int_eq(hosted_fs_lseek(&fs, 9, 0, SEEK_SET), -EBADF);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 0, SEEK_CUR), 4); /* refusals moved nothing */
	/* a write past the end leaves zeros between */
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 8, SEEK_SET), 8);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "z", 1), 1);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 9);
	ck_assert_mem_eq(buf, "abcdef\0\0z", 9);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
}
END_TEST

START_TEST(test_flags)
{
	char buf[16] = {0};
	int fd;

	ck_assert_int_eq(hosted_fs_open(&fs, &store, "a", O_RDONLY), -ENOENT);
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "a", O_ACCMODE), -EINVAL);
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "", O_RDONLY), -ENOENT);
	/* O_CREAT makes an empty file, saved at close even with no write */
	fd = hosted_fs_open(&fs, &store, "a", O_WRONLY | O_CREAT | O_EXCL);
	ck_assert_int_eq(fd, 0);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(store_fake.saves, 1);
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "a", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
	ck_assert_ptr_null(fs.files[0].backing); /* the load for the refused open left */
	/* O_APPEND writes at the end whatever the offset */
	fd = hosted_fs_open(&fs, &store, "a", O_WRONLY | O_APPEND);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "12", 2), 2);
	ck_assert_int_eq(hosted_fs_lseek(&fs, fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "34", 2), 2);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	fd = hosted_fs_open(&fs, &store, "a", O_RDWR);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 4);
	ck_assert_mem_eq(buf, "1234", 4);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	/* O_TRUNC empties it; O_TRUNC on a read-only descriptor does not */
	fd = hosted_fs_open(&fs, &store, "a", O_RDONLY | O_TRUNC);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 4);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	fd = hosted_fs_open(&fs, &store, "a", O_RDWR | O_TRUNC);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 0);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_uint_eq(store_fake.size[fake_find(&store_fake, "a")], 0);
}
END_TEST

/* Two descriptors on one file see one set of bytes; only the last close saves. */
START_TEST(test_shared)
{
	char buf[8] = {0};
	int w = hosted_fs_open(&fs, &store, "s", O_WRONLY | O_CREAT);
	int r = hosted_fs_open(&fs, &store, "s", O_RDONLY);

	ck_assert_int_eq(w, 0);
	ck_assert_int_eq(r, 1);
	ck_assert_int_eq(hosted_fs_write(&fs, w, "xyz", 3), 3);
	ck_assert_int_eq(hosted_fs_read(&fs, r, buf, sizeof(buf)), 3);
	ck_assert_mem_eq(buf, "xyz", 3);
	ck_assert_int_eq(hosted_fs_close(&fs, w), 0);
	ck_assert_int_eq(store_fake.saves, 0);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &store, "s"), -EBUSY);
	ck_assert_int_eq(hosted_fs_close(&fs, r), 0);
	ck_assert_int_eq(store_fake.saves, 1);
}
END_TEST

START_TEST(test_limits)
{
	char big[128];
	int fd = hosted_fs_open(&fs, &store, "big", O_WRONLY | O_CREAT);

	memset(big, 'b', sizeof(big));
	/* size_max is 100: a write that crosses it writes what fits, the next is EFBIG */
	ck_assert_int_eq(hosted_fs_write(&fs, fd, big, 60), 60);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, big, 60), 40);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, big, 1), -EFBIG);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, big, 0), 0);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_uint_eq(store_fake.size[fake_find(&store_fake, "big")], 100);
	/* descriptors run out at HOSTED_FS_OPEN_MAX */
	for (unsigned i = 0; i < HOSTED_FS_OPEN_MAX; i++)
		ck_assert_int_eq(hosted_fs_open(&fs, &store, "big", O_RDONLY), (int)i);
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "big", O_RDONLY), -EMFILE);
	for (int i = 0; i < (int)HOSTED_FS_OPEN_MAX; i++)
		ck_assert_int_eq(hosted_fs_close(&fs, i), 0);
	ck_assert_int_eq(hosted_fs_close(&fs, -1), -EBADF);
	ck_assert_int_eq(hosted_fs_close(&fs, (int)HOSTED_FS_OPEN_MAX), -EBADF);
	ck_assert_int_eq(hosted_fs_open(&fs, &store,
					"0123456789abcdef0123456789abcdef0123456789abcdef"
					"0123456789abcdef",
					O_RDONLY),
			 -ENAMETOOLONG);
}
END_TEST

/* Scratch files stay in memory until unlinked; memory holds HOSTED_FS_FILES_MAX of them. */
START_TEST(test_scratch)
{
	char name[8];
	struct stat st;
	int fd;

	for (unsigned i = 0; i < HOSTED_FS_FILES_MAX; i++) {
		(void)snprintf(name, sizeof(name), "t%u", i);
		fd = hosted_fs_open(&fs, &scratch, name, O_WRONLY | O_CREAT);
		ck_assert_int_eq(fd, 0);
		ck_assert_int_eq(hosted_fs_write(&fs, fd, name, strlen(name)), strlen(name));
		ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	}
	ck_assert_int_eq(hosted_fs_open(&fs, &scratch, "one more", O_WRONLY | O_CREAT), -ENFILE);
	ck_assert_int_eq(hosted_fs_stat(&fs, &scratch, "t12", &st), 0);
	ck_assert_int_eq(st.st_size, 3);
	ck_assert_int_eq(hosted_fs_stat(&fs, &scratch, "none", &st), -ENOENT);
	ck_assert_int_eq(hosted_fs_open(&fs, &scratch, "none", O_RDONLY), -ENOENT);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &scratch, "t12"), 0);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &scratch, "t12"), -ENOENT);
	ck_assert_int_eq(hosted_fs_stat(&fs, &scratch, "t12", &st), -ENOENT);
	/* rename replaces the target */
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t1", &scratch, "t2"), 0);
	ck_assert_int_eq(hosted_fs_stat(&fs, &scratch, "t1", &st), -ENOENT);
	ck_assert_int_eq(hosted_fs_stat(&fs, &scratch, "t2", &st), 0);
	ck_assert_int_eq(st.st_size, 2);
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t1", &scratch, "t3"), -ENOENT);
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t2", &scratch, "t2"), 0);
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t2", &store, "t2"), -EXDEV);
	fd = hosted_fs_open(&fs, &scratch, "t3", O_RDONLY);
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t3", &scratch, "t4"), -EBUSY);
	ck_assert_int_eq(hosted_fs_rename(&fs, &scratch, "t4", &scratch, "t3"), -EBUSY);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
}
END_TEST

START_TEST(test_read_only)
{
	char buf[16];
	struct stat st;
	int fd = hosted_fs_open(&fs, &boot, "manifest", O_RDONLY);

	ck_assert_int_eq(fd, 0);
	ck_assert_int_eq(hosted_fs_read(&fs, fd, buf, sizeof(buf)), 8);
	ck_assert_int_eq(buf[0], '#');
	ck_assert_int_eq(hosted_fs_fstat(&fs, fd, &st), 0);
	ck_assert_int_eq(st.st_mode, S_IFREG | 0444);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(hosted_fs_open(&fs, &boot, "manifest", O_WRONLY), -EROFS);
	ck_assert_int_eq(hosted_fs_open(&fs, &boot, "manifest", O_RDWR), -EROFS);
	ck_assert_int_eq(hosted_fs_open(&fs, &boot, "manifest", O_RDONLY | O_TRUNC), -EROFS);
	ck_assert_int_eq(hosted_fs_open(&fs, &boot, "new", O_RDONLY | O_CREAT), -EROFS);
	ck_assert_int_eq(hosted_fs_open(&fs, &boot, "absent", O_RDONLY), -ENOENT);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &boot, "manifest"), -EROFS);
	ck_assert_int_eq(hosted_fs_rename(&fs, &boot, "manifest", &boot, "m"), -EROFS);
	ck_assert_int_eq(hosted_fs_stat(&fs, &boot, "manifest", &st), 0);
	ck_assert_int_eq(st.st_size, 8);
	ck_assert_int_eq(hosted_fs_stat(&fs, &boot, "absent", &st), -ENOENT);
}
END_TEST

/* The backing's errors come through: at open, at close (the bytes are dropped), at unlink. */
/* A program's end closes what it left open: changed files saved, the first error the answer. */
START_TEST(test_close_all)
{
	char buf[8] = {0};
	int a = hosted_fs_open(&fs, &store, "a", O_WRONLY | O_CREAT);
	int a2 = hosted_fs_open(&fs, &store, "a", O_RDONLY);
	int b = hosted_fs_open(&fs, &store, "b", O_WRONLY | O_CREAT);
	int m = hosted_fs_open(&fs, &scratch, "m", O_WRONLY | O_CREAT);
	int r = hosted_fs_open(&fs, &boot, "manifest", O_RDONLY);

	ck_assert_int_eq(hosted_fs_write(&fs, a, "left", 4), 4);
	ck_assert_int_eq(hosted_fs_write(&fs, b, "open", 4), 4);
	ck_assert_int_eq(hosted_fs_write(&fs, m, "x", 1), 1);
	ck_assert_int_eq(hosted_fs_close(&fs, b), 0); /* b is saved now, not again */
	ck_assert_int_eq(store_fake.saves, 1);
	b = hosted_fs_open(&fs, &store, "b", O_WRONLY | O_APPEND);
	ck_assert_int_eq(hosted_fs_write(&fs, b, "!", 1), 1);
	store_fake.fail = -ENOSPC; /* the first save fails: the answer, and the rest still close */
	ck_assert_int_eq(hosted_fs_close_all(&fs), -ENOSPC);
	ck_assert_int_eq(store_fake.saves, 2); /* a (two descriptors, one save) failed, b saved */
	for (int fd = 0; fd < (int)HOSTED_FS_OPEN_MAX; fd++)
		ck_assert_int_eq(hosted_fs_close(&fs, fd), -EBADF);
	ck_assert_int_eq(fake_find(&store_fake, "a"), -1);
	b = hosted_fs_open(&fs, &store, "b", O_RDONLY);
	ck_assert_int_eq(hosted_fs_read(&fs, b, buf, sizeof(buf)), 5);
	ck_assert_mem_eq(buf, "open!", 5);
	/* again with nothing open: nothing to do */
	ck_assert_int_eq(hosted_fs_close_all(&fs), 0);
	ck_assert_int_eq(hosted_fs_close_all(&fs), 0);
	(void)a2;
	(void)r;
}
END_TEST

START_TEST(test_backing_errors)
{
	int fd;

	store_fake.fail = -EIO;
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "e", O_RDONLY | O_CREAT), -EIO);
	fd = hosted_fs_open(&fs, &store, "e", O_WRONLY | O_CREAT);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "lost", 4), 4);
	store_fake.fail = -ENOSPC;
	ck_assert_int_eq(hosted_fs_close(&fs, fd), -ENOSPC);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), -EBADF);
	ck_assert_int_eq(fake_find(&store_fake, "e"), -1);
	ck_assert_int_eq(hosted_fs_open(&fs, &store, "e", O_RDONLY), -ENOENT);
	/* fsync saves now and reports the save's error; the changes stay for the next try */
	fd = hosted_fs_open(&fs, &store, "e", O_WRONLY | O_CREAT);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "kept", 4), 4);
	store_fake.fail = -EACCES;
	ck_assert_int_eq(hosted_fs_sync(&fs, fd), -EACCES);
	ck_assert_int_eq(hosted_fs_sync(&fs, fd), 0);
	ck_assert_int_eq(store_fake.saves, 1);
	ck_assert_int_eq(hosted_fs_sync(&fs, fd), 0); /* unchanged since: no save */
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(store_fake.saves, 1);
	ck_assert_int_eq(hosted_fs_sync(&fs, fd), -EBADF);
	fd = hosted_fs_open(&fs, &scratch, "m", O_WRONLY | O_CREAT);
	ck_assert_int_eq(hosted_fs_write(&fs, fd, "x", 1), 1);
	ck_assert_int_eq(hosted_fs_sync(&fs, fd), 0); /* memory only: nothing to save */
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	store_fake.fail = -EACCES;
	ck_assert_int_eq(hosted_fs_unlink(&fs, &store, "e"), -EACCES);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &store, "e"), 0);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &store, "e"), -ENOENT);
	/* a store's rename is the backing's */
	fd = hosted_fs_open(&fs, &store, "r", O_WRONLY | O_CREAT);
	ck_assert_int_eq(hosted_fs_close(&fs, fd), 0);
	ck_assert_int_eq(hosted_fs_rename(&fs, &store, "r", &store, "q"), 0);
	ck_assert_int_eq(fake_find(&store_fake, "r"), -1);
	ck_assert_int_ge(fake_find(&store_fake, "q"), 0);
	ck_assert_int_eq(hosted_fs_rename(&fs, &store, "r", &store, "q"), -ENOENT);
	ck_assert_int_eq(hosted_fs_unlink(&fs, &store, "q"), 0);
}
END_TEST

Suite *hosted_fs_suite(void)
{
	Suite *su = suite_create("hosted_fs");
	TCase *tc = tcase_create("fs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_route);
	tcase_add_test(tc, test_write_read_back);
	tcase_add_test(tc, test_lseek);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_shared);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_scratch);
	tcase_add_test(tc, test_read_only);
	tcase_add_test(tc, test_backing_errors);
	tcase_add_test(tc, test_close_all);
	suite_add_tcase(su, tc);
	return su;
}
