/*
 * What a hosted program may link but Cairn does not do (RFC-0020): each
 * call here fails with ENOSYS, and tools/sdk/README.md lists them. New
 * processes come from a starter with a start block, not from fork and
 * exec; there are no pipes, directories, users or signal masks yet.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every stub's answer: -1 with errno ENOSYS. */
static int enosys(void)
{
	errno = ENOSYS;
	return -1;
}

/*
 * POSIX's signatures, whose parameters the stubs do not use, under picolibc's parameter names:
 * NOLINTBEGIN(readability-inconsistent-declaration-parameter-name, readability-non-const-parameter)
 */
pid_t fork(void)
{
	return enosys();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return enosys();
}

int execv(const char *path, char *const argv[])
{
	(void)path;
	(void)argv;
	return enosys();
}

int execvp(const char *file, char *const argv[])
{
	(void)file;
	(void)argv;
	return enosys();
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	(void)pid;
	(void)status;
	(void)options;
	return enosys();
}

pid_t wait(int *status)
{
	(void)status;
	return enosys();
}

int pipe(int fds[2])
{
	(void)fds;
	return enosys();
}

int dup(int fd)
{
	(void)fd;
	return enosys();
}

int dup2(int fd, int fd2)
{
	(void)fd;
	(void)fd2;
	return enosys();
}

int chdir(const char *path)
{
	(void)path;
	return enosys();
}

char *getcwd(char *buf, size_t size)
{
	(void)buf;
	(void)size;
	(void)enosys();
	return NULL;
}

int access(const char *path, int mode)
{
	(void)path;
	(void)mode;
	return enosys();
}

int mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return enosys();
}

int rmdir(const char *path)
{
	(void)path;
	return enosys();
}

int link(const char *from, const char *to)
{
	(void)from;
	(void)to;
	return enosys();
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	(void)how;
	(void)set;
	(void)old;
	return enosys();
}

int getentropy(void *buf, size_t n)
{
	(void)buf;
	(void)n;
	return enosys();
}
/* NOLINTEND(readability-inconsistent-declaration-parameter-name, readability-non-const-parameter)
 */
