/*
 * Per-operation cost and median for the benchmark (bench_stats.h). The
 * batches are few (tens), so an insertion sort is enough.
 */
#include "bench_stats.h"

uint64_t bench_per_op(uint64_t before, uint64_t after, uint32_t ops)
{
	uint64_t spent = after - before; /* unsigned: right across one wrap */

	return (spent + ops / 2) / ops;
}

static void bench_sort(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

uint64_t bench_median(uint64_t *v, size_t n)
{
	bench_sort(v, n);
	return v[(n - 1) / 2];
}
