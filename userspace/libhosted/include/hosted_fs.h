/*
 * The hosted runtime's files, the pure half (RFC-0020): which backing a
 * path names, a table of open descriptors, and files held whole in memory
 * while they are open. What lies behind a file (the boot image, the store,
 * nothing but memory) comes in as a struct hosted_fs_backing of functions,
 * so this file makes no system call and the host tests pass fakes.
 *
 * A file is read whole from its backing at its first open and written back
 * whole at its last close when it changed (or was made); a backing with no
 * load function keeps its files in memory until they are unlinked (scratch
 * files, gone when the process ends). There are no directories: a name is
 * flat.
 *
 * Every call answers 0 (or a count, a descriptor, an offset) or -errno:
 * ENOENT no such file (or an empty name, or a '/' inside a name);
 * ENAMETOOLONG a name over its backing's bound; EISDIR a directory's path
 * ("/", "/boot"); EINVAL bad flags, a bad whence or an offset below 0;
 * EBADF a descriptor not open (or not open for the access asked); EMFILE
 * all HOSTED_FS_OPEN_MAX descriptors open; ENFILE all HOSTED_FS_FILES_MAX
 * files in memory; EEXIST O_CREAT|O_EXCL of a file that is there; EROFS
 * writing, making, unlinking or renaming in a read-only backing; EFBIG a
 * write past the backing's size_max (a write that crosses it writes what
 * fits); EBUSY unlink or rename of an open file; EXDEV rename across
 * backings; ENOMEM no memory; and whatever the backing's functions answer.
 *
 * Memory is malloc's: a file's bytes are freed when it leaves memory, and
 * hosted_fs_fini frees what is left.
 */
#ifndef HOSTED_FS_H
#define HOSTED_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#define HOSTED_FS_OPEN_MAX  16u /* descriptors open at once */
#define HOSTED_FS_FILES_MAX 32u /* files in memory at once (open, or scratch) */
#define HOSTED_FS_NAME_MAX  63u /* bytes of a name, any backing */
#define HOSTED_FS_BOOT	    "/boot/"

/*
 * What lies behind files. Each function answers 0 or -errno; ctx is the
 * backing's own. A backing with load NULL keeps its files in memory only.
 */
struct hosted_fs_backing {
	/* The file `name` whole: a malloc'd *ret_data (NULL when empty) and *ret_size; -ENOENT. */
	int (*load)(void *ctx, const char *name, uint8_t **ret_data, size_t *ret_size);
	/* Replaces `name` with data[0..size), all or nothing. */
	int (*save)(void *ctx, const char *name, const uint8_t *data, size_t size);
	/* Removes `name`: -ENOENT when it is not there. */
	int (*remove)(void *ctx, const char *name);
	/* Renames `from` to `to` (replacing `to`), all or nothing: -ENOENT when from is not there.
	 */
	int (*rename)(void *ctx, const char *from, const char *to);
	void *ctx;
	size_t size_max; /* the most bytes a file holds (EFBIG past it); 0: as memory allows */
	bool readonly;
};

struct hosted_fs_file {
	const struct hosted_fs_backing *backing; /* NULL: the slot is free */
	char name[HOSTED_FS_NAME_MAX + 1];
	uint8_t *data;
	size_t size;
	size_t cap;
	uint32_t opens; /* descriptors open on it */
	bool dirty;	/* changed (or made) since it was loaded: saved at the last close */
};

struct hosted_fs_fd {
	struct hosted_fs_file *file; /* NULL: the descriptor is free */
	off_t offset;
	int flags; /* open's flags */
};

struct hosted_fs {
	struct hosted_fs_file files[HOSTED_FS_FILES_MAX];
	struct hosted_fs_fd fds[HOSTED_FS_OPEN_MAX];
};

/* Where a path leads. */
enum hosted_fs_where {
	HOSTED_FS_WHERE_BOOT,  /* a file of the boot image: "/boot/NAME" */
	HOSTED_FS_WHERE_NAMED, /* any other path: NAME, leading '/'s dropped */
};

/*
 * Reads `path`: where it leads, and the name within (a pointer into path).
 * A boot name is 1..boot_max bytes, any other 1..named_max; neither holds
 * a '/' (ENOENT). "/boot" and "/boot/" are EISDIR, "" ENOENT, "/" EISDIR.
 */
int hosted_fs_route(const char *path, size_t boot_max, size_t named_max,
		    enum hosted_fs_where *ret_where, const char **ret_name);

void hosted_fs_init(struct hosted_fs *fs);
/* Frees every file's bytes, saving none; fs is as after hosted_fs_init. */
void hosted_fs_fini(struct hosted_fs *fs);

/*
 * Opens `name` of backing b with open's flags (O_RDONLY, O_WRONLY, O_RDWR,
 * O_CREAT, O_EXCL, O_TRUNC, O_APPEND; others are ignored): a descriptor
 * 0..HOSTED_FS_OPEN_MAX-1. A name already in memory (open, or scratch) is
 * that file: every descriptor on it sees one set of bytes.
 */
int hosted_fs_open(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name,
		   int flags);
long hosted_fs_read(struct hosted_fs *fs, int fd, void *buf, size_t n);
long hosted_fs_write(struct hosted_fs *fs, int fd, const void *buf, size_t n);
off_t hosted_fs_lseek(struct hosted_fs *fs, int fd, off_t offset, int whence);
/*
 * Closes fd (always: it is free afterwards). At a file's last close, a
 * changed file is saved; its error (the file's bytes are then lost, not
 * half-written) is the answer. A backed file then leaves memory.
 */
int hosted_fs_close(struct hosted_fs *fs, int fd);
/*
 * Closes every descriptor still open, as hosted_fs_close does, so each
 * changed file is saved at its last close: a program's end. 0, or the first
 * save's error (every other descriptor is closed all the same).
 */
int hosted_fs_close_all(struct hosted_fs *fs);
/*
 * Saves fd's file now when it changed (fsync): 0, or the save's error (the
 * file stays changed in memory, and close tries again). EBADF.
 */
int hosted_fs_sync(struct hosted_fs *fs, int fd);
/* st_size, st_mode S_IFREG with 0444 (read-only backing) or 0644, st_nlink 1, st_blksize. */
int hosted_fs_fstat(struct hosted_fs *fs, int fd, struct stat *st);
int hosted_fs_stat(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name,
		   struct stat *st);
int hosted_fs_unlink(struct hosted_fs *fs, const struct hosted_fs_backing *b, const char *name);
int hosted_fs_rename(struct hosted_fs *fs, const struct hosted_fs_backing *from_b, const char *from,
		     const struct hosted_fs_backing *to_b, const char *to);

#endif /* HOSTED_FS_H */
