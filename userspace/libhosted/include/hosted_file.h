/*
 * The hosted runtime's file layer: what the POSIX calls do for a path or
 * for a descriptor of a file, from HOSTED_FILE_FD_FIRST on (0, 1 and 2 are
 * the console's). open, read, write, lseek, close, fstat, stat, unlink and
 * rename (hosted_io.c) come here for files, and picolibc's fopen, fread,
 * fwrite, fseek, fclose and remove come through them.
 *
 * Files are not there yet: every path answers -ENOSYS, every descriptor
 * -EBADF. The file layer RFC-0020 describes (/boot/ paths from the boot
 * image, the rest from the store) replaces hosted_file.c whole, behind
 * these same calls.
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

int hosted_file_open(const char *path, int flags, mode_t mode);
long hosted_file_read(int fd, void *buf, size_t n);
long hosted_file_write(int fd, const void *buf, size_t n);
off_t hosted_file_lseek(int fd, off_t offset, int whence);
int hosted_file_close(int fd);
int hosted_file_fstat(int fd, struct stat *st);
int hosted_file_stat(const char *path, struct stat *st);
int hosted_file_unlink(const char *path);
int hosted_file_rename(const char *from, const char *to);

#endif /* HOSTED_FILE_H */
