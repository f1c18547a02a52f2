/*
 * The hosted runtime's wall clock: the one call CLOCK_REALTIME,
 * gettimeofday and time go through (hosted_time.c). There is no real-time
 * clock behind it yet, so it answers -ENOSYS: clock_gettime(CLOCK_REALTIME)
 * and gettimeofday fail with ENOSYS and time() answers (time_t)-1. The
 * real-time clock's service (rtcd, RFC-0020) replaces hosted_realtime.c,
 * behind this same call. The monotonic clock, clock() and times() do not
 * depend on it.
 */
#ifndef HOSTED_TIME_H
#define HOSTED_TIME_H

#include <stdint.h>

/* Sets *ret_ns to nanoseconds since 1970-01-01 00:00 UTC and returns 0, or returns -errno. */
int hosted_realtime_ns(uint64_t *ret_ns);

#endif /* HOSTED_TIME_H */
