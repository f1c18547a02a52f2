/*
 * The shell's calls to init's supervisor endpoint: LIST, KILL and SHUTDOWN,
 * through the generated stubs of svc/supervisor.h (idl/supervisor.yaml),
 * and the badges LIST's order gives.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "shell.h"
#include "svc/client.h"

#define SHELL_SERVICES_MAX 64u /* LIST indices tried before giving up on finding a name */

long shell_sup_list(cairn_handle_t sup, uint32_t index, struct svc_supervisor_list_reply *ret)
{
	const struct svc_supervisor_list_request req = {.index = index};

	return svc_supervisor_list_call(sup, &req, ret, SVC_CALL_TIMEOUT);
}

long shell_sup_find(cairn_handle_t sup, const char *name, uint32_t *ret_index,
		    struct svc_supervisor_list_reply *ret)
{
	struct svc_supervisor_list_reply e;

	for (uint32_t i = 0; i < SHELL_SERVICES_MAX; i++) {
		long err = shell_sup_list(sup, i, &e);

		if (err != 0)
			return err; /* ERR_NOTFOUND past the last service */
		if (strcmp(e.name.str, name) == 0) {
			*ret_index = i;
			*ret = e;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

long shell_sup_badge(cairn_handle_t sup, const char *name, uint64_t *ret_badge)
{
	struct svc_supervisor_list_reply e;
	uint32_t index;
	long err;

	if (strcmp(name, "init") == 0) {
		*ret_badge = SUPERVISOR_BADGE_INIT;
		return 0;
	}
	err = shell_sup_find(sup, name, &index, &e);
	if (err == 0)
		*ret_badge = SUPERVISOR_BADGE_FIRST + index;
	return err;
}

long shell_sup_kill(cairn_handle_t sup, const char *name)
{
	struct svc_supervisor_kill_request req;
	struct svc_supervisor_kill_reply rep;
	long err = svc_name_set(&req.name, name, strlen(name));

	return err != 0 ? err : svc_supervisor_kill_call(sup, &req, &rep, SVC_CALL_TIMEOUT);
}

long shell_sup_shutdown(cairn_handle_t sup)
{
	const struct svc_supervisor_shutdown_request req = {0};
	struct svc_supervisor_shutdown_reply rep;

	return svc_supervisor_shutdown_call(sup, &req, &rep, SVC_CALL_TIMEOUT);
}
