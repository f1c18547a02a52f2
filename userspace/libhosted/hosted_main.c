/*
 * cairn_main for programs that define main (RFC-0020, hosted.h), alone in
 * its file: a program that defines its own cairn_main never pulls this
 * object from libhosted.a, and so none of the runtime below.
 *
 * The roster names the system calls picolibc makes and this runtime
 * provides. Linking this file thus takes each from libhosted.a at once,
 * before picolibc's archive is searched: picolibc then finds them defined
 * and never pulls its own stand-ins (its sbrk over linker-script symbols,
 * its abort ending with status 1, its allocator: hosted_malloc.c holds
 * every entry point of the runtime's in one object, its strtod of 17
 * digits), and the calls only
 * picolibc's late objects make (write under printf, say) are there for them.
 */
#define _DEFAULT_SOURCE

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "cairn/start.h"
#include "hosted_internal.h"
#include "svc/client.h"

/* The program's; called as int main(int, char **, char **), which suits the other two forms. */
int main(int argc, char **argv, char **envp);
/* picolibc's: the constructors (init_array) before main; exit runs the destructors. */
void __libc_init_array(void);

static char *hosted_no_environment[] = {NULL};

typedef void (*hosted_any_fn)(void);

__attribute__((used)) static const hosted_any_fn hosted_roster[] = {
	(hosted_any_fn)read,   (hosted_any_fn)write,	    (hosted_any_fn)sbrk,
	(hosted_any_fn)_exit,  (hosted_any_fn)abort,	    (hosted_any_fn)kill,
	(hosted_any_fn)times,  (hosted_any_fn)gettimeofday, (hosted_any_fn)sigprocmask,
	(hosted_any_fn)malloc, (hosted_any_fn)free,	    (hosted_any_fn)realloc,
	(hosted_any_fn)strtod,
};
__attribute__((used)) static FILE *const *const hosted_streams[] = {&stdin, &stdout, &stderr};

static void hosted_flush_at_exit(void)
{
	hosted_console_flush();
}

/* The constructors, then main, then exit: on whichever stack it was called on. */
static _Noreturn void hosted_run(void)
{
	__libc_init_array();
	exit(main(hosted_state.argc, hosted_state.argv, environ));
}

/* hosted_run on the stack that ends at `top`, or on this one when top is 0. */
static _Noreturn void hosted_run_on(uintptr_t top)
{
	if (top != 0)
		__asm__ volatile("mv sp, %0\n\tjr %1" : : "r"(top), "r"(hosted_run) : "memory");
	hosted_run();
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	hosted_boot(handles, count);
	hosted_console_start();
	/* registered first, so it runs last: after the program's own handlers have printed */
	(void)atexit(hosted_flush_at_exit);
	if (environ == NULL)
		environ = hosted_no_environment;
	if (hosted_state.supervisor != CAIRN_HANDLE_INVALID)
		(void)svc_ready(hosted_state.supervisor);
	hosted_run_on(hosted_stack_make());
}
