/*
 * hostedprobe, in the test image only: a hosted program (RFC-0020), which
 * defines main and gets cairn_main, stdio, the heap, TLS and exit from
 * libhosted. init starts it from the test manifest's line with
 * `args=alpha,beta-2,3.25` and a console, so its stdout is the kernel's
 * debug console, tagged with its name. It checks:
 *   - argv: the program's name and the three words, argc 4, argv[4] NULL;
 *   - stdio: printf's floating-point formats give the strings glibc gives
 *     ("%.17g", "%.14g", "%a" of M_PI, "%e", "%f", "%g"), and strtod reads
 *     back every value "%.17g" and "%a" wrote, bit for bit. (Asked for
 *     more digits than the shortest that read back, picolibc pads that
 *     shortest with zeros where glibc writes the exact decimal expansion:
 *     "%.17g" of 0.1 is "0.1", not "0.10000000000000001". The values
 *     checked here are ones whose 17 digits are their shortest.)
 *   - the heap: 24 MiB in 1 MiB blocks (several VMOs), written, read back
 *     and freed; then a request the quota cannot hold and one past the
 *     heap's window each give NULL with errno ENOMEM, not a fault;
 *   - TLS: the main thread's block holds the template's values (crt0.S
 *     copied it), and a thread started with cairn_thread_start sees the
 *     initial value of a thread-local (not the main thread's change), a
 *     zeroed .tbss variable, and its own errno, while the main thread's
 *     errno keeps its own value; and 64 words-only calls between two more
 *     threads, the IPC fast path's case, leave each its own tp and errno;
 *   - the stack: main runs on the runtime's own (HOSTED_STACK_SIZE bytes
 *     below HOSTED_STACK_TOP), not on the kernel's 64 KiB, and 200 KiB of
 *     it can be used;
 *   - exit: an atexit handler prints the marker, only when every check
 *     above passed, so the marker also proves that exit ran the handlers
 *     and flushed stdout after main returned.
 * A failed check prints "hostedprobe: check failed: WHAT" on stderr and
 * main returns 1.
 */
#define _DEFAULT_SOURCE /* M_PI */

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/ipc.h"
#include "cairn/markers.h"
#include "cairn/sys.h"
#include "cairn/thread.h"
#include "hosted.h"

#define PROBE_BLOCK	   (1u << 20)
#define PROBE_BLOCKS	   24u
#define PROBE_QUOTA_BUSTER (48u << 20) /* more than the line's max-pages leave */
#define PROBE_THREAD_STACK 16384u
#define PROBE_THREAD_WAIT  (5ull * CAIRN_NS_PER_S)

static int probe_failures;

static __thread int probe_tls_data = 42; /* .tdata */
static __thread uint64_t probe_tls_zero; /* .tbss */

static void check(int ok, const char *what)
{
	if (!ok) {
		(void)fprintf(stderr, "hostedprobe: check failed: %s\n", what);
		probe_failures++;
	}
}

static void check_argv(int argc, char **argv)
{
	static const char *const want[] = {"hostedprobe", "alpha", "beta-2", "3.25"};

	check(argc == 4, "argc is 4");
	for (int i = 0; i < 4 && i < argc; i++)
		check(argv[i] != NULL && strcmp(argv[i], want[i]) == 0,
		      "argv holds the args= words");
	check(argc < 0 || argv[argc] == NULL, "argv ends with NULL");
	check(argc == 4 && strtod(argv[3], NULL) == 3.25, "an argument reads as a number");
}

static void check_format(const char *fmt, double v, const char *want)
{
	char got[64];

	(void)snprintf(got, sizeof(got), fmt, v);
	if (strcmp(got, want) != 0)
		(void)fprintf(stderr, "hostedprobe: %s gave \"%s\", want \"%s\"\n", fmt, got, want);
	check(strcmp(got, want) == 0, "printf formats a double exactly");
}

static uint64_t probe_bits(double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	return bits;
}

/* "%.17g" and "%a" of v read back as v, bit for bit. */
static void check_round_trip(double v)
{
	static const char *const fmts[] = {"%.17g", "%a"};

	for (unsigned i = 0; i < 2; i++) {
		char text[64];
		double back;

		(void)snprintf(text, sizeof(text), fmts[i], v);
		back = strtod(text, NULL);
		check(probe_bits(back) == probe_bits(v), "strtod reads back what printf wrote");
	}
}

static void check_stdio(void)
{
	static const double values[] = {0.1, 1.0 / 3.0, M_PI, 1e300, 5e-324, -2.5, 123456789.0};

	check_format("%.17g", 123456789.123456789, "123456789.12345679");
	check_format("%.14g", 2.0 / 3.0, "0.66666666666667");
	check_format("%a", M_PI, "0x1.921fb54442d18p+1");
	check_format("%e", 6.02214076e23, "6.022141e+23");
	check_format("%.3f", -1.0005, "-1.000");
	check_format("%g", 1e-5, "1e-05");
	for (unsigned i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		check_round_trip(values[i]);
}

/* malloc(size) is NULL with errno ENOMEM. */
static void check_enomem(size_t size, const char *what)
{
	void *p;

	errno = 0;
	p = malloc(size);
	check(p == NULL && errno == ENOMEM, what);
	free(p);
}

static void check_heap(void)
{
	static uint8_t *blocks[PROBE_BLOCKS];
	int ok = 1;

	for (unsigned i = 0; i < PROBE_BLOCKS; i++) {
		blocks[i] = malloc(PROBE_BLOCK);
		if (blocks[i] == NULL) {
			check(0, "24 blocks of 1 MiB come from the heap");
			return;
		}
		memset(blocks[i], (int)(i * 7u + 1u), PROBE_BLOCK);
	}
	for (unsigned i = 0; i < PROBE_BLOCKS; i++) {
		for (size_t at = 0; at < PROBE_BLOCK; at += 4093)
			ok &= blocks[i][at] == (uint8_t)(i * 7u + 1u);
		ok &= blocks[i][PROBE_BLOCK - 1] == (uint8_t)(i * 7u + 1u);
	}
	check(ok, "every block reads back what was written");
	for (unsigned i = 0; i < PROBE_BLOCKS; i++)
		free(blocks[i]);
	check_enomem(PROBE_QUOTA_BUSTER, "a heap past the quota is ENOMEM");
	check_enomem((size_t)1 << 40, "a heap past the window is ENOMEM");
	blocks[0] = malloc(PROBE_BLOCK);
	check(blocks[0] != NULL, "the heap still serves after ENOMEM");
	free(blocks[0]);
}

/* What the second thread saw, and the notification it signals when done. */
static struct {
	cairn_handle_t done;
	int tls_data;
	uint64_t tls_zero;
	int errno_after;
	int *errno_at;
} probe_thread;

static void probe_thread_main(uint64_t arg)
{
	(void)arg;
	probe_thread.tls_data = probe_tls_data;
	probe_thread.tls_zero = probe_tls_zero;
	errno = ERANGE;
	probe_thread.errno_at = &errno;
	(void)cairn_thread_yield(); /* let the main thread run between the write and the read */
	probe_thread.errno_after = errno;
	(void)cairn_notification_signal(probe_thread.done, 1);
}

static void check_tls(void)
{
	static uint8_t stack[PROBE_THREAD_STACK] __attribute__((aligned(16)));
	long n = cairn_notification_create(hosted_self());
	long t;

	check(probe_tls_data == 42 && probe_tls_zero == 0,
	      "the main thread's TLS starts from the template (crt0.S)");
	probe_tls_data = 7;
	probe_tls_zero = 9;
	errno = EDOM;
	check(n >= 0, "a notification for the thread");
	if (n < 0)
		return;
	probe_thread.done = (cairn_handle_t)n;
	t = cairn_thread_start(hosted_self(), probe_thread_main, 0, stack, sizeof(stack));
	check(t >= 0, "a thread starts with its TLS block");
	if (t < 0)
		return;
	check(cairn_notification_wait(probe_thread.done, PROBE_THREAD_WAIT) == 1,
	      "the thread ends its work");
	check(probe_thread.tls_data == 42, "a thread's .tdata starts from the template");
	check(probe_thread.tls_zero == 0, "a thread's .tbss starts zeroed");
	check(probe_thread.errno_after == ERANGE, "the thread's errno is its own");
	check(probe_thread.errno_at != &errno, "the threads' errno are two variables");
	check(errno == EDOM && probe_tls_data == 7, "the main thread's errno is its own");
	(void)cairn_handle_close((cairn_handle_t)t);
}

/*
 * The IPC fast path switches straight between two threads (kernel/arch/riscv/fastpath.S):
 * each must come back with its own tp. A caller thread makes PROBE_ECHOES words-only
 * calls without a time limit, the fast path's case, to an echo thread that answers with
 * reply_recv; each checks its tp and its errno after every switch. The fast path leaves threads
 * that have used their f-registers to the C path, so both are new threads that never do
 * (main has: its prologue saves an f-register).
 */
#define PROBE_ECHOES   64u
#define PROBE_ECHO_TAG 0x70u

/*
 * The thread pointer as it is now: a volatile read, since the compiler takes tp for a
 * constant of the thread and would reuse an errno address it computed before the call.
 */
static uintptr_t probe_tp(void)
{
	uintptr_t tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

static struct {
	cairn_handle_t ep;
	cairn_handle_t done;
	int echo_lost;	 /* switches after which the echo thread's tp was not its own */
	int caller_lost; /* calls after which the caller's tp was not its own */
} probe_echo;

static void probe_echo_main(uint64_t arg)
{
	struct cairn_msg m = {0};
	uintptr_t tp = probe_tp();
	long rc;

	(void)arg;
	errno = EILSEQ;
	rc = cairn_ipc_recv(probe_echo.ep, &m, CAIRN_WAIT_FOREVER);
	for (uint32_t i = 0; rc == 0 && i < PROBE_ECHOES; i++) {
		probe_echo.echo_lost += probe_tp() != tp || errno != EILSEQ;
		m = cairn_msg_words(PROBE_ECHO_TAG, m.w[0] + 1, tp, 0);
		rc = i + 1 < PROBE_ECHOES
			     ? cairn_ipc_reply_recv(probe_echo.ep, &m, CAIRN_WAIT_FOREVER)
			     : cairn_ipc_reply(&m);
	}
}

static void probe_caller_main(uint64_t arg)
{
	uintptr_t tp = probe_tp();
	uint64_t echo_tp = 0;

	(void)arg;
	errno = EDOM;
	for (uint32_t i = 0; i < PROBE_ECHOES; i++) {
		struct cairn_msg m = cairn_msg_words(PROBE_ECHO_TAG, i, 0, 0);
		int ok = cairn_ipc_call(probe_echo.ep, &m, CAIRN_WAIT_FOREVER) == 0 &&
			 m.w[0] == i + 1 && probe_tp() == tp && errno == EDOM && m.w[1] != tp &&
			 (i == 0 || m.w[1] == echo_tp);

		probe_echo.caller_lost += !ok;
		echo_tp = m.w[1];
	}
	(void)cairn_notification_signal(probe_echo.done, 1);
}

static void check_fast_path_keeps_tp(void)
{
	static uint8_t echo_stack[PROBE_THREAD_STACK] __attribute__((aligned(16)));
	static uint8_t caller_stack[PROBE_THREAD_STACK] __attribute__((aligned(16)));
	long ep = cairn_endpoint_create(hosted_self());
	long n = cairn_notification_create(hosted_self());
	long echo;
	long caller;

	check(ep >= 0 && n >= 0, "an endpoint and a notification for the IPC threads");
	if (ep < 0 || n < 0)
		return;
	probe_echo.ep = (cairn_handle_t)ep;
	probe_echo.done = (cairn_handle_t)n;
	echo = cairn_thread_start(hosted_self(), probe_echo_main, 0, echo_stack,
				  sizeof(echo_stack));
	caller = cairn_thread_start(hosted_self(), probe_caller_main, 0, caller_stack,
				    sizeof(caller_stack));
	check(echo >= 0 && caller >= 0, "the IPC threads start");
	if (echo < 0 || caller < 0)
		return;
	check(cairn_notification_wait(probe_echo.done, PROBE_THREAD_WAIT) == 1,
	      "the caller thread ends its calls");
	check(probe_echo.caller_lost == 0, "a caller keeps its tp through the IPC fast path");
	check(probe_echo.echo_lost == 0, "a server keeps its tp through the IPC fast path");
	(void)cairn_handle_close((cairn_handle_t)echo);
	(void)cairn_handle_close((cairn_handle_t)caller);
}

/* Runs at exit, after main returned: the marker only when every check passed. */
static void probe_report(void)
{
	if (probe_failures == 0)
		(void)printf("%s\n", MARKER_HOSTED_RUNTIME);
}

/* Touches `depth` KiB of stack below the caller, one frame a KiB. */
static unsigned stack_touch(unsigned depth)
{
	volatile unsigned char frame[1024];

	frame[0] = (unsigned char)depth;
	frame[sizeof(frame) - 1] = (unsigned char)depth;
	return depth == 0 ? frame[0] : stack_touch(depth - 1) + frame[sizeof(frame) - 1];
}

static void check_stack(void)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);

	check(here < HOSTED_STACK_TOP && here >= HOSTED_STACK_TOP - HOSTED_STACK_SIZE,
	      "main runs on the runtime's stack");
	check(stack_touch(200) == 200u * 201u / 2u, "200 KiB of stack can be used");
}

int main(int argc, char **argv)
{
	check(atexit(probe_report) == 0, "atexit takes a handler");
	check_fast_path_keeps_tp();
	check_argv(argc, argv);
	check_stack();
	check_stdio();
	check_heap();
	check_tls();
	(void)printf("hostedprobe: %d checks failed\n", probe_failures);
	return probe_failures == 0 ? 0 : 1;
}
