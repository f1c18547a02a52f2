/*
 * init's shared context and the reporting helpers its start-up uses: a
 * failure prints one "INIT: <what> FAIL (<reason>)" line and returns
 * non-zero. The service graph init runs is graph.h's. testinit
 * (services/testinit) links the same objects with the proofs around them.
 */
#ifndef INIT_H
#define INIT_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/init.h"
#include "cairn/abi/rights.h"
#include "manifest.h"

struct init_graph;
struct init_ctx;

/* Told of every READY a service sends (its index in the manifest); NULL when no one listens. */
typedef void (*init_ready_hook)(struct init_ctx *c, uint32_t service);

struct init_ctx {
	cairn_handle_t self;	/* init's own process, all rights */
	cairn_handle_t console; /* WRITE | DUP | TRANSFER */
	cairn_handle_t image;	/* the boot image: SPAWN | READ | DUP | TRANSFER */
	/* Per kernel or device word (console, bootimage, uart-mmio, ...): init's handle
	 * behind it, CAIRN_HANDLE_INVALID for a device the machine does not have. */
	cairn_handle_t words[MANIFEST_HANDLES];
	struct init_graph *graph; /* the services, once graph_start_servers loaded them */
	init_ready_hook on_ready; /* the product leaves it NULL */
	const char *what;	  /* the step running, for FAIL lines */
};

/* Prints "INIT: <what> FAIL (<reason>)"; returns -1 so callers can `return init_fail(...)`. */
__attribute__((format(printf, 2, 3))) int init_fail(const struct init_ctx *c, const char *fmt, ...);

/* 0 if got == want, else a FAIL line naming `step` and both results, and -1. */
int init_expect(const struct init_ctx *c, const char *step, long got, long want);

/* 0 if got is not negative, else a FAIL line naming `step` and the error, and -1. */
int init_expect_ok(const struct init_ctx *c, const char *step, long got);

/* A context over the kernel's handles (at least CAIRN_INIT_HANDLES of them, in the order of
 * cairn/abi/init.h, then two per device), no graph yet. */
struct init_ctx init_ctx_from(const cairn_handle_t *handles, size_t count);

/*
 * Give the device words their devices (devices.c): of the device handles
 * in handles[CAIRN_INIT_HANDLES..count), the first device of each role the
 * manifest can name; the handles of every other device are closed.
 */
void init_devices_sort(struct init_ctx *c, const cairn_handle_t *handles, size_t count);

#endif /* INIT_H */
