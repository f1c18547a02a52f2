/*
 * crashloop: a service that says READY and ends at once, every time, for
 * testinit's proof that init backs off and gives up on a crash loop instead
 * of restarting it forever (libsupervise, RFC-0011). It ends with status 3.
 *
 * Handles (its line in services/tests/manifest.txt): [0] self, [1] SEND to
 * init's supervisor endpoint.
 */
#include <stddef.h>

#include "cairn/start.h"
#include "svc/client.h"

#define CRASHLOOP_STATUS 3

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	if (count >= 2)
		(void)svc_ready(handles[1]);
	return CRASHLOOP_STATUS;
}
