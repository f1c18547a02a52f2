/*
 * Time for hosted programs (RFC-0020): clock_gettime and clock_getres, with
 * CLOCK_MONOTONIC the kernel's system clock (nanoseconds, from the device
 * tree's timebase) and CLOCK_REALTIME the wall clock of hosted_time.h;
 * gettimeofday (the wall clock, which libc's time() reads); times(), which
 * libc's clock() sums, counting microseconds (CLOCKS_PER_SEC) from the
 * program's start; and the sleeps, a wait on a notification no one signals.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_internal.h"
#include "hosted_time.h"

_Static_assert(CLOCKS_PER_SEC == 1000000, "times() counts microseconds");

#define NS_PER_US 1000ull
#define NS_PER_S  1000000000ull

uint64_t hosted_now_ns(void)
{
	struct cairn_clock clock = {0};

	(void)cairn_clock_read(&clock);
	return clock.now_ns;
}

static void to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NS_PER_S);
	ts->tv_nsec = (long)(ns % NS_PER_S);
}

/* NOLINTBEGIN(readability-inconsistent-declaration-parameter-name): picolibc's headers name these
 * parameters their own way (__fildes, tp, ...) */
int clock_gettime(clockid_t id, struct timespec *ts)
{
	uint64_t ns;
	int rc;

	if (id == CLOCK_MONOTONIC) {
		to_timespec(hosted_now_ns(), ts);
		return 0;
	}
	if (id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	if ((rc = hosted_realtime_ns(&ns)) != 0) {
		errno = -rc;
		return -1;
	}
	to_timespec(ns, ts);
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	if (res != NULL)
		*res = (struct timespec){.tv_sec = 0, .tv_nsec = 1};
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;

	(void)tz;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return -1;
	if (tv != NULL)
		*tv = (struct timeval){.tv_sec = ts.tv_sec, .tv_usec = ts.tv_nsec / 1000};
	return 0;
}

clock_t times(struct tms *buf)
{
	clock_t us = (clock_t)((hosted_now_ns() - hosted_state.start_ns) / NS_PER_US);

	if (buf != NULL)
		*buf = (struct tms){.tms_utime = us};
	return us;
}

/* Waits ns nanoseconds on a notification of its own, made the first time. */
static int sleep_ns(uint64_t ns)
{
	static cairn_handle_t nap = CAIRN_HANDLE_INVALID;

	if (nap == CAIRN_HANDLE_INVALID) {
		long n = cairn_notification_create(hosted_self());

		if (n < 0) {
			errno = ENOMEM;
			return -1;
		}
		nap = (cairn_handle_t)n;
	}
	(void)cairn_notification_wait(nap, ns == 0 ? 1 : ns);
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req == NULL || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NS_PER_S) {
		errno = EINVAL;
		return -1;
	}
	if (rem != NULL)
		*rem = (struct timespec){0};
	return sleep_ns((uint64_t)req->tv_sec * NS_PER_S + (uint64_t)req->tv_nsec);
}

unsigned sleep(unsigned seconds)
{
	return sleep_ns((uint64_t)seconds * NS_PER_S) == 0 ? 0 : seconds;
}

int usleep(useconds_t us)
{
	return sleep_ns((uint64_t)us * NS_PER_US);
}
/* NOLINTEND(readability-inconsistent-declaration-parameter-name) */
