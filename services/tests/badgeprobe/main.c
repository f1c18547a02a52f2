/*
 * badgeprobe, for init's badge proof (services/init/check_badge.c): given
 * one endpoint handle badged by init (with RIGHT_MINT), it tries to mint
 * itself init's badge from it, then calls through it claiming in its first
 * word to be init, with the mint's result in the second. Whatever it
 * claims, the server sees the badge the kernel stamps. Exits 0 once the
 * call was answered, 1 when it was not, 2 without its handle.
 *
 * Handles: [0] self, [1] the badged endpoint (SEND | MINT | TRANSFER).
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "cairn/start.h"
#include "svc/supervisor.h"

#define BADGEPROBE_WAIT (5ull * CAIRN_NS_PER_S)

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m;
	long minted;

	if (count < 2)
		return 2;
	minted = cairn_endpoint_mint(handles[1], SUPERVISOR_BADGE_INIT, RIGHT_SEND);
	m = cairn_msg_words(SUPERVISOR_PROBE, SUPERVISOR_BADGE_INIT, (uint64_t)minted, 0);
	return cairn_ipc_call(handles[1], &m, BADGEPROBE_WAIT) == 0 ? 0 : 1;
}
