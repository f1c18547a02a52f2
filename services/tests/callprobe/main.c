/*
 * callprobe, for init's peer-death proof (services/init/check_transfer.c):
 * calls once, waiting without a time limit, and exits with what the call
 * returned, negated (0 for an answer, 21 for ERR_PEERDEAD), so init reads
 * the call's end from the exit status. Exits 255 without its handle.
 *
 * Handles: [0] self, [1] the endpoint (SEND, badged).
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "cairn/start.h"
#include "svc/supervisor.h"

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m = cairn_msg_words(SUPERVISOR_PROBE, 0, 0, 0);

	if (count < 2)
		return 255;
	return (int)-cairn_ipc_call(handles[1], &m, CAIRN_WAIT_FOREVER);
}
