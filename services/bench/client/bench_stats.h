/*
 * The arithmetic of the benchmark: the cost of one operation in a timed
 * batch, and the median over batches. Pure: no system calls, no globals, so
 * the host tests check it exactly; reading the counter is the client's.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The cost of one of `ops` operations (ops >= 1) that a free-running counter
 * saw go from `before` to `after`, rounded to the nearest whole count. The
 * counter may wrap once between the two reads.
 */
uint64_t bench_per_op(uint64_t before, uint64_t after, uint32_t ops);

/*
 * Sorts v[0..n) ascending (n >= 1) and returns its median: the middle value,
 * or the lower of the two middle ones when n is even, so the result is
 * always one that was measured.
 */
uint64_t bench_median(uint64_t *v, size_t n);

#endif /* BENCH_STATS_H */
