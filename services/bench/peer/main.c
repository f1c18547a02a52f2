/*
 * benchpeer: the server of the benchmark's cases that need more than an echo
 * (services/bench/client/main.c), so benchecho's loop, which the round trip
 * measures, stays bare. By the message's tag:
 *
 *   BENCH_TAG_HANDLE  the one handle the message moved here goes back,
 *                     moved, in the reply;
 *   BENCH_TAG_COPY    the first w[0] bytes of the shared VMO are copied out
 *                     into this program's own buffer, then the reply.
 *
 * Anything else ends the program with status 1. It never ends by itself
 * otherwise; the client kills it when the measurement is done.
 *
 * Handles: [0] itself, MANAGE (to map); [1] the endpoint, RECV; [2] the console, WRITE;
 * [3] the shared VMO, READ, mapped at BENCH_SHARED_ADDR.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "bench_peer.h"
#include "cairn/abi/ipc.h"
#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"

enum { PEER_H_SELF = 0, PEER_H_ENDPOINT = 1, PEER_H_CONSOLE = 2, PEER_H_VMO = 3, PEER_HANDLES = 4 };

static uint8_t peer_copy[BENCH_COPY_BYTES];

/* The reply to one message; false for a message it does not know. */
static bool peer_answer(struct cairn_msg *m)
{
	struct cairn_ipc_buffer *buf = cairn_ipc_buffer();
	uint32_t tag = cairn_ipc_tag(m->info);

	if (tag == BENCH_TAG_HANDLE && cairn_ipc_hcount(m->info) == 1) {
		buf->handles[0].mode = CAIRN_IPC_MOVE;
		buf->handles[0].reserved = 0;
		m->info = cairn_ipc_info(tag, 0, 1);
		return true;
	}
	if (tag == BENCH_TAG_COPY && m->w[0] <= BENCH_COPY_BYTES) {
		memcpy(peer_copy, (const void *)BENCH_SHARED_ADDR, (size_t)m->w[0]);
		m->info = cairn_ipc_info(tag, 0, 0);
		m->w[0] = peer_copy[m->w[0] - 1];
		return true;
	}
	return false;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m = {0};
	long err;

	if (count < PEER_HANDLES)
		return 2;
	err = cairn_vmo_map(handles[PEER_H_SELF], handles[PEER_H_VMO], BENCH_SHARED_ADDR,
			    CAIRN_PROT_READ);
	if (err != 0) {
		(void)cairn_printf(handles[PEER_H_CONSOLE], "benchpeer: FAIL map the VMO: %s\n",
				   cairn_err_name(err));
		return 2;
	}
	err = cairn_ipc_recv(handles[PEER_H_ENDPOINT], &m, CAIRN_WAIT_FOREVER);
	while (err == 0 && peer_answer(&m))
		err = cairn_ipc_reply_recv(handles[PEER_H_ENDPOINT], &m, CAIRN_WAIT_FOREVER);
	(void)cairn_printf(handles[PEER_H_CONSOLE], "benchpeer: stopped: %s\n",
			   err != 0 ? cairn_err_name(err) : "a message it does not know");
	return 1;
}
