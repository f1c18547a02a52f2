/*
 * holdprobe, for init's move proof (services/init/check_transfer.c):
 * receives one call carrying one handle and replies with what the handle
 * is, as handle_query says: w[0] its status, w[1] the kind, w[2] the
 * object id. Exits 0 after replying, 1 when no such call came in time, 2
 * without its handle.
 *
 * Handles: [0] self, [1] the endpoint (RECV | TRANSFER).
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/supervisor.h"

#define HOLDPROBE_WAIT (5ull * CAIRN_NS_PER_S)

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_ipc_buffer *buf = cairn_ipc_buffer();
	struct cairn_handle_info info = {0};
	struct cairn_msg m = {0};
	long rc;

	if (count < 2)
		return 2;
	if (cairn_ipc_recv(handles[1], &m, HOLDPROBE_WAIT) != 0)
		return 1;
	rc = cairn_ipc_hcount(m.info) == 1 ? cairn_handle_query(buf->handles[0].handle, &info)
					   : ERR_INVAL;
	m = cairn_msg_words(SUPERVISOR_PROBE, (uint64_t)rc, info.kind, info.object_id);
	return cairn_ipc_reply(&m) == 0 ? 0 : 1;
}
