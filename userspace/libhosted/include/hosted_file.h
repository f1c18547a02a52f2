/*
 * The hosted runtime's file layer: what the POSIX calls do for a path or
 * for a descriptor of a file, from HOSTED_FILE_FD_FIRST on (0, 1 and 2 are
 * the console's). open, read, write, lseek, close, fsync, fstat, stat,
 * unlink and rename (hosted_io.c) come here for files, and picolibc's
 * fopen, fread, fwrite, fseek, fclose and remove come through them.
 *
 * A path under /boot/ (HOSTED_FS_BOOT) is a file of the boot image,
 * read-only (EROFS for any writing), read whole at open through the
 * `bootimage` handle (ENOENT without one). Any other path is a flat name
 * (no directories; leading '/'s dropped) that is:
 *  - for a program init started with a `statefs` handle, a file of the
 *    store in the namespace named after the program (argv[0]; policyd
 *    decides: `read`/`write kv-NAME`), at most HOSTED_STORE_FILE_MAX bytes
 *    (EFBIG past it) and a name of at most HOSTED_STORE_NAME_MAX bytes, kept
 *    as up to HOSTED_STORE_CHUNKS values (keys NAME, NAME/1, NAME/2; see
 *    hosted_store.c). It is read whole at open and written back whole at
 *    the last close, all or nothing (close answers EIO, EACCES or ENOSPC
 *    when that failed, and the changes are lost); unlink and rename are
 *    one batch each;
 *  - for any other program (one the shell runs shares the shell's badge
 *    and so cannot ATTACH a store of its own), a scratch file in the
 *    process's memory, gone when it ends.
 * At most HOSTED_FS_OPEN_MAX files are open at once (EMFILE). _exit closes
 * every descriptor still open first (hosted_file_close_all), so a changed
 * file is written back when the program ends, as its last close would.
 * unlink or rename of an open file is EBUSY. hosted_fs.h lists every error.
 *
 * Each call answers what its POSIX namesake would, with -errno in place of
 * -1 (the caller sets errno).
 */
#ifndef HOSTED_FILE_H
#define HOSTED_FILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define HOSTED_FILE_FD_FIRST 3
#define HOSTED_STORE_CHUNKS  3u /* store values a file spans at most */
#define HOSTED_STORE_FILE_MAX                                                                      \
	((size_t)HOSTED_STORE_CHUNKS * 1024u) /* 3 KiB: 3 values of statefsd */
#define HOSTED_STORE_NAME_MAX 30u	      /* a statefsd key's 32 bytes less a chunk's "/i" */

int hosted_file_open(const char *path, int flags, mode_t mode);
long hosted_file_read(int fd, void *buf, size_t n);
long hosted_file_write(int fd, const void *buf, size_t n);
off_t hosted_file_lseek(int fd, off_t offset, int whence);
int hosted_file_close(int fd);
int hosted_file_fstat(int fd, struct stat *st);
int hosted_file_fsync(int fd);
int hosted_file_stat(const char *path, struct stat *st);
int hosted_file_unlink(const char *path);
int hosted_file_rename(const char *from, const char *to);
/* Closes every descriptor still open, writing back changed files (errors have no one to go to). */
void hosted_file_close_all(void);

#endif /* HOSTED_FILE_H */
