/*
 * lookupprobe, for init's policy proof (services/init/check_badge.c): asks
 * samgrd for "registry", which policyd's rules let no service called
 * "probe" find, and for "log", which every service may find, and reports
 * both results to init in one SUPERVISOR_PROBE message (w[0], w[1]). Exits
 * 0 once the report was answered, 1 when it was not, 2 without its handles.
 *
 * Handles: [0] self, [1] registry SEND, [2] init's report endpoint SEND,
 * both badged by init with the badge it bound to "probe".
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/ipc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "svc/client.h"
#include "svc/supervisor.h"

enum lookupprobe_handle { H_SELF, H_REGISTRY, H_REPORT, H_COUNT };

/* The lookup's status; a handle it got is closed at once. */
static long lookup(cairn_handle_t registry, const char *name, size_t len)
{
	cairn_handle_t h = CAIRN_HANDLE_INVALID;
	long rc = svc_registry_lookup(registry, name, len, &h);

	if (rc == 0)
		(void)cairn_handle_close(h);
	return rc;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_msg m;
	long denied;
	long allowed;

	if (count < H_COUNT)
		return 2;
	denied = lookup(handles[H_REGISTRY], "registry", 8);
	allowed = lookup(handles[H_REGISTRY], "log", 3);
	m = cairn_msg_words(SUPERVISOR_PROBE, (uint64_t)denied, (uint64_t)allowed, 0);
	return cairn_ipc_call(handles[H_REPORT], &m, SVC_CALL_TIMEOUT) == 0 ? 0 : 1;
}
