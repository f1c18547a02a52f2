/*
 * The file layer of hosted_file.h: the process's one struct hosted_fs
 * (hosted_fs.h, the pure half), the backing a path leads to, and the boot
 * image's backing. The store's backing is hosted_store.c's.
 *
 * Which backing a name that is not under /boot/ gets is decided once, at
 * the first call: the store for a program with a `statefs` handle that
 * init started (its `supervisor` role says so: only init gives one, and
 * only init's programs have a badge of their own to ATTACH with); memory
 * (scratch files) otherwise.
 */
#include "hosted_file.h"

#include <errno.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_fs.h"
#include "hosted_internal.h"

static struct hosted_fs hosted_fs;
static const struct hosted_fs_backing *hosted_named; /* NULL until the first call */
static cairn_handle_t hosted_bootimage;

/* The boot image's file `name` whole (hosted_fs_backing's load). */
static int boot_load(void *ctx, const char *name, uint8_t **ret_data, size_t *ret_size)
{
	uint8_t *data = NULL;
	size_t size = 0;
	long got;

	(void)ctx;
	if (hosted_bootimage == CAIRN_HANDLE_INVALID)
		return -ENOENT;
	do {
		uint8_t *more = realloc(data, size + CAIRN_BOOTIMAGE_READ_MAX);

		if (more == NULL) {
			free(data);
			return -ENOMEM;
		}
		data = more;
		got = cairn_bootimage_read(hosted_bootimage, name, size, data + size,
					   CAIRN_BOOTIMAGE_READ_MAX);
		if (got > 0)
			size += (size_t)got;
	} while (got > 0);
	if (got < 0) {
		free(data);
		return got == ERR_NOTFOUND ? -ENOENT : -EIO;
	}
	*ret_data = data;
	*ret_size = size;
	return 0;
}

static const struct hosted_fs_backing hosted_boot_backing = {.load = boot_load, .readonly = true};
static const struct hosted_fs_backing hosted_scratch_backing = {0};

/* Picks the backings, once. */
static void file_start(void)
{
	cairn_handle_t statefs = hosted_handle("statefs");

	if (hosted_named != NULL)
		return;
	hosted_bootimage = hosted_handle("bootimage");
	hosted_named = &hosted_scratch_backing;
	if (statefs != CAIRN_HANDLE_INVALID && hosted_state.supervisor != CAIRN_HANDLE_INVALID) {
		hosted_store_start(statefs);
		hosted_named = &hosted_store_backing;
	}
}

/* The backing and name `path` leads to: 0 or -errno. */
static int file_route(const char *path, const struct hosted_fs_backing **ret_b,
		      const char **ret_name)
{
	enum hosted_fs_where where;
	size_t named_max;
	int rc;

	file_start();
	named_max =
		hosted_named == &hosted_store_backing ? HOSTED_STORE_NAME_MAX : HOSTED_FS_NAME_MAX;
	rc = hosted_fs_route(path, CAIRN_NAME_MAX, named_max, &where, ret_name);
	if (rc == 0)
		*ret_b = where == HOSTED_FS_WHERE_BOOT ? &hosted_boot_backing : hosted_named;
	return rc;
}

/* A descriptor of this layer as the pure layer's index, or -1. */
static int fd_index(int fd)
{
	return fd >= HOSTED_FILE_FD_FIRST ? fd - HOSTED_FILE_FD_FIRST : -1;
}

int hosted_file_open(const char *path, int flags, mode_t mode)
{
	const struct hosted_fs_backing *b;
	const char *name;
	int rc = file_route(path, &b, &name);

	(void)mode; /* no permissions: every file is the program's */
	if (rc == 0)
		rc = hosted_fs_open(&hosted_fs, b, name, flags);
	return rc < 0 ? rc : rc + HOSTED_FILE_FD_FIRST;
}

long hosted_file_read(int fd, void *buf, size_t n)
{
	return hosted_fs_read(&hosted_fs, fd_index(fd), buf, n);
}

long hosted_file_write(int fd, const void *buf, size_t n)
{
	return hosted_fs_write(&hosted_fs, fd_index(fd), buf, n);
}

off_t hosted_file_lseek(int fd, off_t offset, int whence)
{
	return hosted_fs_lseek(&hosted_fs, fd_index(fd), offset, whence);
}

int hosted_file_close(int fd)
{
	return hosted_fs_close(&hosted_fs, fd_index(fd));
}

int hosted_file_fstat(int fd, struct stat *st)
{
	return hosted_fs_fstat(&hosted_fs, fd_index(fd), st);
}

void hosted_file_close_all(void)
{
	(void)hosted_fs_close_all(&hosted_fs);
}

int hosted_file_fsync(int fd)
{
	return hosted_fs_sync(&hosted_fs, fd_index(fd));
}

int hosted_file_stat(const char *path, struct stat *st)
{
	const struct hosted_fs_backing *b;
	const char *name;
	int rc = file_route(path, &b, &name);

	return rc != 0 ? rc : hosted_fs_stat(&hosted_fs, b, name, st);
}

int hosted_file_unlink(const char *path)
{
	const struct hosted_fs_backing *b;
	const char *name;
	int rc = file_route(path, &b, &name);

	return rc != 0 ? rc : hosted_fs_unlink(&hosted_fs, b, name);
}

int hosted_file_rename(const char *from, const char *to)
{
	const struct hosted_fs_backing *fb;
	const struct hosted_fs_backing *tb;
	const char *fname;
	const char *tname;
	int rc = file_route(from, &fb, &fname);

	if (rc == 0)
		rc = file_route(to, &tb, &tname);
	return rc != 0 ? rc : hosted_fs_rename(&hosted_fs, fb, fname, tb, tname);
}
