/*
 * The hosted runtime's wall clock: the one call CLOCK_REALTIME,
 * gettimeofday and time go through (hosted_time.c). It is rtcd's (RFC-0020):
 * NOW asked once through the program's `rtc` handle, then advanced with the
 * monotonic clock (hosted_realtime.c). Without an `rtc` handle it answers
 * -ENOSYS, and -EIO when rtcd does not answer or its clock was never set:
 * clock_gettime(CLOCK_REALTIME) and gettimeofday then fail with that errno
 * and time() answers (time_t)-1. The monotonic clock, clock() and times()
 * do not depend on it.
 */
#ifndef HOSTED_TIME_H
#define HOSTED_TIME_H

#include <stdint.h>

/* Sets *ret_ns to nanoseconds since 1970-01-01 00:00 UTC and returns 0, or returns -errno. */
int hosted_realtime_ns(uint64_t *ret_ns);

#endif /* HOSTED_TIME_H */
