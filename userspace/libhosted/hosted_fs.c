/*
 * The pure file layer (hosted_fs.h): paths to backings, descriptors, and
 * files whole in memory. No system call: what lies behind a file is the
 * backing's functions.
 */
#define _DEFAULT_SOURCE

#include "hosted_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOSTED_FS_GROW_LEAST 256u	      /* a growing file's first buffer */
#define HOSTED_FS_OFFSET_MAX ((off_t)1 << 40) /* the furthest lseek goes */

int hosted_fs_route(const char *path, size_t boot_max, size_t named_max,
		    enum hosted_fs_where *ret_where, const char **ret_name)
{
	const size_t boot_len = sizeof(HOSTED_FS_BOOT) - 1;
	enum hosted_fs_where where = HOSTED_FS_WHERE_NAMED;
	size_t max = named_max;
	size_t len;

	if (path == NULL || path[0] == '\0')
		return -ENOENT;
	if (strcmp(path, "/boot") == 0)
		return -EISDIR;
	if (strncmp(path, HOSTED_FS_BOOT, boot_len) == 0) {
		where = HOSTED_FS_WHERE_BOOT;
		max = boot_max;
		path += boot_len;
	} else {
		while (path[0] == '/')
			path++;
	}
	if (path[0] == '\0')
		return -EISDIR;
	len = strlen(path);
	if (len > max || len > HOSTED_FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (strchr(path, '/') != NULL)
		return -ENOENT; /* no directories */
	*ret_where = where;
	*ret_name = path;
	return 0;
}

void hosted_fs_init(struct hosted_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
}

static void file_free(struct hosted_fs_file *f)
{
	free(f->data);
	memset(f, 0, sizeof(*f));
}

void hosted_fs_fini(struct hosted_fs *fs)
{
	for (size_t i = 0; i < HOSTED_FS_FILES_MAX; i++)
		file_free(&fs->files[i]);
	hosted_fs_init(fs);
}

/* The file `name` of b in memory, or NULL. */
static struct hosted_fs_file *file_find(struct hosted_fs *fs, const struct hosted_fs_backing *b,
					const char *name)
{
	for (size_t i = 0; i < HOSTED_FS_FILES_MAX; i++) {
		struct hosted_fs_file *f = &fs->files[i];

		if (f->backing == b && strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

static struct hosted_fs_file *file_slot(struct hosted_fs *fs)
{
	for (size_t i = 0; i < HOSTED_FS_FILES_MAX; i++) {
		if (fs->files[i].backing == NULL)
			return &fs->files[i];
	}
	return NULL;
}

static int fd_slot(const struct hosted_fs *fs)
{
	for (int i = 0; i < (int)HOSTED_FS_OPEN_MAX; i++) {
		if (fs->fds[i].file == NULL)
			return i;
	}
	return -EMFILE;
}

/* The open descriptor fd, or NULL. */
static struct hosted_fs_fd *fd_get(struct hosted_fs *fs, int fd)
{
	if (fd < 0 || fd >= (int)HOSTED_FS_OPEN_MAX || fs->fds[fd].file == NULL)
		return NULL;
	return &fs->fds[fd];
}

static bool is_writing(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY;
}

/*
 * Brings `name` of b into memory for open: loaded, or made when it is not
 * there and flags say O_CREAT. *ret_made says which.
 */
static int file_bring(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name,
		      int flags, struct hosted_fs_file **ret_file, bool *ret_made)
{
	struct hosted_fs_file *f = file_slot(fs);
	uint8_t *data = NULL;
	size_t size = 0;
	int rc = b->load != NULL ? b->load(b->ctx, name, &data, &size) : -ENOENT;

	if (rc == -ENOENT && (flags & O_CREAT) != 0)
		rc = b->readonly ? -EROFS : 0;
	else if (rc == 0)
		*ret_made = false;
	if (rc == 0 && f == NULL)
		rc = -ENFILE;
	if (rc != 0) {
		free(data);
		return rc;
	}
	*f = (struct hosted_fs_file){.backing = b, .data = data, .size = size, .cap = size};
	memcpy(f->name, name, strlen(name) + 1);
	f->dirty = *ret_made;
	*ret_file = f;
	return 0;
}

int hosted_fs_open(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name,
		   int flags)
{
	const int acc = flags & O_ACCMODE;
	struct hosted_fs_file *f;
	bool made = true;
	int fd = fd_slot(fs);
	int rc;

	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return -EINVAL;
	if (strlen(name) == 0)
		return -ENOENT;
	if (strlen(name) > HOSTED_FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (b->readonly && (is_writing(flags) || (flags & O_TRUNC) != 0))
		return -EROFS;
	if (fd < 0)
		return fd;
	f = file_find(fs, b, name);
	if (f != NULL)
		made = false;
	else if ((rc = file_bring(fs, b, name, flags, &f, &made)) != 0)
		return rc;
	if (!made && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		if (f->opens == 0 && b->load != NULL)
			file_free(f); /* loaded for this open only */
		return -EEXIST;
	}
	if ((flags & O_TRUNC) != 0 && is_writing(flags) && f->size != 0) {
		f->size = 0;
		f->dirty = true;
	}
	f->opens++;
	fs->fds[fd] = (struct hosted_fs_fd){.file = f, .offset = 0, .flags = flags};
	return fd;
}

long hosted_fs_read(struct hosted_fs *fs, int fd, void *buf, size_t n)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);
	size_t left;

	if (d == NULL || (d->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if ((size_t)d->offset >= d->file->size)
		return 0;
	left = d->file->size - (size_t)d->offset;
	if (n > left)
		n = left;
	memcpy(buf, d->file->data + d->offset, n);
	d->offset += (off_t)n;
	return (long)n;
}

/* Makes room for `end` bytes in f: 0 or -ENOMEM. Buffers double, from HOSTED_FS_GROW_LEAST. */
static int file_grow(struct hosted_fs_file *f, size_t end, size_t size_max)
{
	size_t cap = f->cap < HOSTED_FS_GROW_LEAST ? HOSTED_FS_GROW_LEAST : f->cap;
	uint8_t *data;

	if (end <= f->cap)
		return 0;
	while (cap < end)
		cap *= 2;
	if (size_max != 0 && cap > size_max)
		cap = size_max;
	data = realloc(f->data, cap);
	if (data == NULL)
		return -ENOMEM;
	f->data = data;
	f->cap = cap;
	return 0;
}

long hosted_fs_write(struct hosted_fs *fs, int fd, const void *buf, size_t n)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);
	struct hosted_fs_file *f;
	size_t max;
	size_t at;
	int rc;

	if (d == NULL || !is_writing(d->flags))
		return -EBADF;
	f = d->file;
	max = f->backing->size_max != 0 ? f->backing->size_max : (size_t)-1 / 2;
	if ((d->flags & O_APPEND) != 0)
		d->offset = (off_t)f->size;
	at = (size_t)d->offset;
	if (n == 0)
		return 0;
	if (at >= max)
		return -EFBIG;
	if (n > max - at)
		n = max - at;
	if ((rc = file_grow(f, at + n, f->backing->size_max)) != 0)
		return rc;
	if (at > f->size) /* a write past the end: the gap reads as zeros */
		memset(f->data + f->size, 0, at - f->size);
	memcpy(f->data + at, buf, n);
	if (at + n > f->size)
		f->size = at + n;
	f->dirty = true;
	d->offset += (off_t)n;
	return (long)n;
}

off_t hosted_fs_lseek(struct hosted_fs *fs, int fd, off_t offset, int whence)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);
	off_t base;

	if (d == NULL)
		return -EBADF;
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = d->offset;
	else if (whence == SEEK_END)
		base = (off_t)d->file->size;
	else
		return -EINVAL;
	/* base is at most a file's size, far from overflow; only a large offset can overflow */
	if (offset < -base || offset > HOSTED_FS_OFFSET_MAX - base)
		return -EINVAL;
	d->offset = base + offset;
	return d->offset;
}

int hosted_fs_close(struct hosted_fs *fs, int fd)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);
	struct hosted_fs_file *f;
	const struct hosted_fs_backing *b;
	int rc = 0;

	if (d == NULL)
		return -EBADF;
	f = d->file;
	b = f->backing;
	*d = (struct hosted_fs_fd){0};
	if (--f->opens != 0)
		return 0;
	if (f->dirty && b->save != NULL)
		rc = b->save(b->ctx, f->name, f->data, f->size);
	f->dirty = false;
	if (b->load != NULL)
		file_free(f);
	return rc;
}

int hosted_fs_close_all(struct hosted_fs *fs)
{
	int first = 0;

	for (int fd = 0; fd < (int)HOSTED_FS_OPEN_MAX; fd++) {
		int rc = fs->fds[fd].file != NULL ? hosted_fs_close(fs, fd) : 0;

		if (first == 0)
			first = rc;
	}
	return first;
}

int hosted_fs_sync(struct hosted_fs *fs, int fd)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);
	struct hosted_fs_file *f;
	int rc;

	if (d == NULL)
		return -EBADF;
	f = d->file;
	if (!f->dirty || f->backing->save == NULL)
		return 0;
	rc = f->backing->save(f->backing->ctx, f->name, f->data, f->size);
	if (rc == 0)
		f->dirty = false;
	return rc;
}

static void stat_fill(const struct hosted_fs_backing *b, size_t size, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | (b->readonly ? 0444 : 0644);
	st->st_nlink = 1;
	st->st_size = (off_t)size;
	st->st_blksize = 1024;
}

int hosted_fs_fstat(struct hosted_fs *fs, int fd, struct stat *st)
{
	struct hosted_fs_fd *d = fd_get(fs, fd);

	if (d == NULL)
		return -EBADF;
	stat_fill(d->file->backing, d->file->size, st);
	return 0;
}

int hosted_fs_stat(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name,
		   struct stat *st)
{
	struct hosted_fs_file *f = file_find(fs, b, name);
	uint8_t *data = NULL;
	size_t size = 0;
	int rc;

	if (f != NULL) {
		stat_fill(b, f->size, st);
		return 0;
	}
	if (b->load == NULL)
		return -ENOENT;
	if ((rc = b->load(b->ctx, name, &data, &size)) != 0)
		return rc;
	free(data);
	stat_fill(b, size, st);
	return 0;
}

int hosted_fs_unlink(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name)
{
	struct hosted_fs_file *f = file_find(fs, b, name);

	if (b->readonly)
		return -EROFS;
	if (f != NULL && f->opens != 0)
		return -EBUSY;
	if (b->remove != NULL)
		return b->remove(b->ctx, name);
	if (f == NULL)
		return -ENOENT;
	file_free(f);
	return 0;
}

int hosted_fs_rename(struct hosted_fs *fs, const struct hosted_fs_backing *from_b, const char *from,
		     const struct hosted_fs_backing *to_b, const char *to)
{
	struct hosted_fs_file *f = file_find(fs, from_b, from);
	struct hosted_fs_file *t = file_find(fs, to_b, to);

	if (from_b != to_b)
		return -EXDEV;
	if (strlen(to) > HOSTED_FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (from_b->readonly)
		return -EROFS;
	if ((f != NULL && f->opens != 0) || (t != NULL && t->opens != 0))
		return -EBUSY;
	if (from_b->rename != NULL)
		return from_b->rename(from_b->ctx, from, to);
	if (f == NULL)
		return -ENOENT;
	if (f == t)
		return 0;
	if (t != NULL)
		file_free(t);
	memcpy(f->name, to, strlen(to) + 1);
	return 0;
}
