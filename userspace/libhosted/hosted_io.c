/*
 * The POSIX I/O calls picolibc's stdio and hosted programs make (RFC-0020):
 * descriptors 0, 1 and 2 are the console's (hosted_console.c), any other
 * descriptor and every path the file layer's (hosted_file.h). Each sets
 * errno and answers -1 on failure, as POSIX says.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hosted_file.h"
#include "hosted_internal.h"

/* A result of the file layer (-errno on failure) as POSIX gives it. */
static long posix_result(long r)
{
	if (r >= 0)
		return r;
	errno = (int)-r;
	return -1;
}

static long bad_descriptor(void)
{
	errno = EBADF;
	return -1;
}

/* NOLINTBEGIN(readability-inconsistent-declaration-parameter-name): picolibc's headers name these
 * parameters their own way (__fildes, tp, ...) */
int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if ((flags & O_CREAT) != 0) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return (int)posix_result(hosted_file_open(path, flags, mode));
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (fd == STDIN_FILENO)
		return hosted_console_read(buf, n);
	if (hosted_console_is(fd))
		return bad_descriptor(); /* stdout and stderr are not for reading */
	return posix_result(hosted_file_read(fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd == STDOUT_FILENO || fd == STDERR_FILENO)
		return hosted_console_write(fd, buf, n);
	if (hosted_console_is(fd))
		return bad_descriptor();
	return posix_result(hosted_file_write(fd, buf, n));
}

off_t lseek(int fd, off_t offset, int whence)
{
	if (hosted_console_is(fd)) {
		errno = ESPIPE;
		return -1;
	}
	return (off_t)posix_result(hosted_file_lseek(fd, offset, whence));
}

int close(int fd)
{
	if (hosted_console_is(fd))
		return 0; /* the console stays; nothing else is behind these */
	return (int)posix_result(hosted_file_close(fd));
}

int fstat(int fd, struct stat *st)
{
	if (hosted_console_is(fd)) {
		*st = (struct stat){.st_mode = S_IFCHR | 0600, .st_blksize = 240};
		return 0;
	}
	return (int)posix_result(hosted_file_fstat(fd, st));
}

/* The console needs no syncing; a file is written back to its store now. */
int fsync(int fd)
{
	if (hosted_console_is(fd))
		return 0;
	return (int)posix_result(hosted_file_fsync(fd));
}

int stat(const char *path, struct stat *st)
{
	return (int)posix_result(hosted_file_stat(path, st));
}

int unlink(const char *path)
{
	return (int)posix_result(hosted_file_unlink(path));
}

int rename(const char *from, const char *to)
{
	return (int)posix_result(hosted_file_rename(from, to));
}

/* A terminal: the UART's three streams, or the debug console's output ones. */
int isatty(int fd)
{
	bool uart = hosted_state.uart != CAIRN_HANDLE_INVALID;
	bool console = hosted_state.console != CAIRN_HANDLE_INVALID;

	if (hosted_console_is(fd) && (uart || (console && fd != STDIN_FILENO)))
		return 1;
	errno = fd >= 0 ? ENOTTY : EBADF;
	return 0;
}
/* NOLINTEND(readability-inconsistent-declaration-parameter-name) */
