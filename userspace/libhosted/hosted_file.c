/*
 * The file layer of hosted_file.h, before there are files: no path opens
 * (ENOSYS) and no descriptor from HOSTED_FILE_FD_FIRST on is open (EBADF).
 */
#include "hosted_file.h"

#include <errno.h>

int hosted_file_open(const char *path, int flags, mode_t mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	return -ENOSYS;
}

long hosted_file_read(int fd, void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	return -EBADF;
}

long hosted_file_write(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	return -EBADF;
}

off_t hosted_file_lseek(int fd, off_t offset, int whence)
{
	(void)fd;
	(void)offset;
	(void)whence;
	return -EBADF;
}

int hosted_file_close(int fd)
{
	(void)fd;
	return -EBADF;
}

int hosted_file_fstat(int fd, struct stat *st)
{
	(void)fd;
	(void)st;
	return -EBADF;
}

int hosted_file_stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	return -ENOSYS;
}

int hosted_file_unlink(const char *path)
{
	(void)path;
	return -ENOSYS;
}

int hosted_file_rename(const char *from, const char *to)
{
	(void)from;
	(void)to;
	return -ENOSYS;
}
