/*
 * libhosted's own state and the calls between its files (not installed).
 * One process, one runtime: the state is the one global of the library,
 * set by hosted_boot before main runs and read afterwards.
 */
#ifndef HOSTED_INTERNAL_H
#define HOSTED_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "start_block.h"

struct hosted_state {
	cairn_handle_t handles[START_ROLES_MAX]; /* the initial handles, [0] the self handle */
	uint32_t count;
	const char *role[START_ROLES_MAX]; /* each handle's role; NULL without a block */
	int argc;
	char *argv[START_ARGS_MAX + 1];
	cairn_handle_t supervisor; /* CAIRN_HANDLE_INVALID when there is none */
	cairn_handle_t uart;
	cairn_handle_t console;
	uint64_t start_ns; /* the system clock when start-up began: clock() and times() count from
			      it */
};

extern struct hosted_state hosted_state;

/*
 * Fills hosted_state from the initial handles and the start block among
 * them (hosted_boot.c); never fails: without a block the program gets the
 * fallback arguments.
 */
void hosted_boot(const cairn_handle_t *handles, size_t count);

/* stdio (hosted_console.c): stdout written out at exit; console bytes in and out. */
void hosted_console_start(void);
void hosted_console_flush(void);
/* Writes n bytes of stream fd (1 or 2) after what that stream buffered: n or -1 with errno. */
long hosted_console_write(int fd, const void *buf, size_t n);
/* Reads up to n bytes of standard input: a line at most, 0 at end of file, or -1 with errno. */
long hosted_console_read(void *buf, size_t n);
/* Whether fd is one of the console's (0, 1, 2). */
bool hosted_console_is(int fd);

/* The store's backing of the file layer (hosted_store.c), on statefsd at `statefs`. */
struct hosted_fs_backing;
extern const struct hosted_fs_backing hosted_store_backing;
void hosted_store_start(cairn_handle_t statefs);

/* Maps main's stack (hosted_stack.c): its top, or 0 when the quota has no room for it. */
uintptr_t hosted_stack_make(void);

/* The system clock in nanoseconds (hosted_time.c). */
uint64_t hosted_now_ns(void);

#endif /* HOSTED_INTERNAL_H */
