/*
 * How a hosted program ends, and who it is (RFC-0020): _exit closes the
 * files still open (a changed store file is written back, as a POSIX
 * write would already have put it on the disk), then ends the process
 * with the status; abort raises SIGABRT (a handler set
 * with signal() runs) and then ends with status 134, as a shell reports an
 * abort; kill of the program itself does what a signal's default action
 * would (end with 128 + the signal, or nothing for the signals POSIX
 * ignores by default) and of any other process answers ENOSYS; getpid is
 * the kernel's object id of the process. exit is picolibc's: it runs the
 * atexit handlers (the runtime's own flushes stdout) and the destructors,
 * then calls _exit.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_file.h"

#define HOSTED_EXIT_ABORT 134 /* 128 + SIGABRT, as POSIX shells report it */

void _exit(int status)
{
	hosted_file_close_all();
	cairn_process_exit(status);
}

void abort(void)
{
	(void)raise(SIGABRT);
	_exit(HOSTED_EXIT_ABORT);
}

pid_t getpid(void)
{
	struct cairn_handle_info info = {0};

	(void)cairn_handle_query(hosted_self(), &info);
	return (pid_t)info.object_id;
}

/* Whether a signal's default action is to do nothing (POSIX: SIGCHLD, SIGCONT, SIGURG, SIGWINCH).
 */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

int kill(pid_t pid, int sig)
{
	if (pid != 0 && pid != getpid()) {
		errno = ENOSYS; /* no other process is a hosted program's to signal */
		return -1;
	}
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (sig != 0 && !ignored_by_default(sig))
		_exit(128 + sig);
	return 0;
}
