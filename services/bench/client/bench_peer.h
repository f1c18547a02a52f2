/*
 * What the benchmark's client and benchpeer agree on: the tags of the
 * messages benchpeer answers, and the shared VMO of the bulk-copy case.
 */
#ifndef BENCH_PEER_H
#define BENCH_PEER_H

enum { BENCH_TAG_HANDLE = 0x48, BENCH_TAG_COPY = 0x43 };

#define BENCH_COPY_BYTES  65536u	  /* one bulk copy: 64 KiB */
#define BENCH_SHARED_ADDR 0x3000000000ull /* where both map the shared VMO */
#define BENCH_MAP_ADDR	  0x3100000000ull /* the client's map-and-unmap page */

#endif /* BENCH_PEER_H */
