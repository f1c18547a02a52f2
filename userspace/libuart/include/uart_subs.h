/*
 * uartd's subscribers: who gets which notification bits when input
 * arrives, one entry per client badge. The main thread (the owner) adds
 * and replaces entries as SUBSCRIBE requests come; the receive thread reads
 * them to signal. Each entry's target (handle and bits) is one 64-bit
 * atomic word, so the reader always sees a whole target, old or new; a
 * reader that signals a handle the owner has just replaced and closed gets
 * ERR_BADHANDLE from the kernel, which is harmless.
 *
 * Pure: no system calls, no globals. It never closes handles; the owner
 * closes the one uart_subs_put says was replaced.
 */
#ifndef UART_SUBS_H
#define UART_SUBS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/rights.h"

#define UART_SUBS_MAX 4u /* clients that may subscribe at once */

/* Fields are the table's own; use the calls below. */
struct uart_subs {
	uint64_t badge[UART_SUBS_MAX];		/* owner's: whose entry it is */
	_Atomic uint64_t target[UART_SUBS_MAX]; /* handle << 32 | bits; 0 for a free entry */
};

/* Makes t empty. */
void uart_subs_init(struct uart_subs *t);

/*
 * Owner: badge's subscription becomes (handle, bits), replacing badge's
 * earlier one, whose handle goes to *ret_old (CAIRN_HANDLE_INVALID when
 * there was none). ERR_INVAL for handle CAIRN_HANDLE_INVALID or bits 0,
 * ERR_NOSPC when every entry belongs to another badge; t and *ret_old are
 * untouched on failure.
 */
int uart_subs_put(struct uart_subs *t, uint64_t badge, cairn_handle_t handle, uint32_t bits,
		  cairn_handle_t *ret_old);

/* Any thread: entry i's target; false for a free entry or i out of range. */
bool uart_subs_get(struct uart_subs *t, uint32_t i, cairn_handle_t *ret_handle, uint32_t *ret_bits);

#endif /* UART_SUBS_H */
