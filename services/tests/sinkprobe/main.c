/*
 * sinkprobe, for init's peer-death proof (services/init/check_transfer.c):
 * a server that receives one call and never replies. Once it holds the
 * call it tells init so, with the caller's badge in w[0], then waits for
 * ever on a notification no one signals, until init kills it. Exits 1 when
 * no call came in time or init did not answer, 2 without its handles, 3
 * when it could not make its notification.
 *
 * Handles: [0] self (ALLOC), [1] the endpoint (RECV | TRANSFER), [2] init's
 * report endpoint (SEND, badged).
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/supervisor.h"

enum sinkprobe_handle { H_SELF, H_ENDPOINT, H_REPORT, H_COUNT };

#define SINKPROBE_WAIT (5ull * CAIRN_NS_PER_S)

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m = {0};
	long never;

	if (count < H_COUNT)
		return 2;
	never = cairn_notification_create(handles[H_SELF]);
	if (never < 0)
		return 3;
	if (cairn_ipc_recv(handles[H_ENDPOINT], &m, SINKPROBE_WAIT) != 0)
		return 1;
	/* this thread now holds the caller's reply right, and keeps it */
	m = cairn_msg_words(SUPERVISOR_PROBE, m.badge, 0, 0);
	if (cairn_ipc_call(handles[H_REPORT], &m, SINKPROBE_WAIT) != 0)
		return 1;
	for (;;)
		(void)cairn_notification_wait((cairn_handle_t)never, CAIRN_WAIT_FOREVER);
}
