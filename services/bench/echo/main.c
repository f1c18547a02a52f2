/*
 * benchecho: the server half of the IPC benchmark. It answers every message
 * on its endpoint with the same tag and words, and nothing else: no data, no
 * handles, no decoding, so a round trip measures the kernel's call and
 * reply_recv paths and two thin user loops. It never ends by itself; the
 * bench client kills it when the measurement is done.
 *
 * Handles: [0] itself; [1] the endpoint, RECV; [2] the console, WRITE, for
 * the one line printed when a receive fails.
 */
#include <stddef.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/start.h"

enum { ECHO_H_ENDPOINT = 1, ECHO_H_CONSOLE = 2, ECHO_HANDLES = 3 };

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m = {0};
	long err;

	if (count < ECHO_HANDLES)
		return 2;
	err = cairn_ipc_recv(handles[ECHO_H_ENDPOINT], &m, CAIRN_WAIT_FOREVER);
	while (err == 0) {
		m.info = cairn_ipc_tag(m.info); /* the tag back; data and handles never */
		err = cairn_ipc_reply_recv(handles[ECHO_H_ENDPOINT], &m, CAIRN_WAIT_FOREVER);
	}
	(void)cairn_printf(handles[ECHO_H_CONSOLE], "benchecho: receive failed: %s\n",
			   cairn_err_name(err));
	return 1;
}
