/*
 * The shell's calls to init's supervisor endpoint (svc/supervisor.h): LIST,
 * KILL and SHUTDOWN, each encoded into the main thread's IPC buffer and
 * read back with the protocol's pure codecs.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "shell.h"
#include "svc/client.h"

#define SHELL_SERVICES_MAX 64u /* LIST indices tried before giving up on finding a name */

/* Calls with m and reads a reply that is only a status. */
static long call_for_status(cairn_handle_t sup, struct svc_msg *m, uint32_t tag)
{
	const struct svc_shape reply = {.tag = tag, .words = 1};
	long err = svc_call(sup, m);

	if (err == 0)
		err = svc_reply_check(m, tag);
	if (err == 0 && svc_shape_check(m, &reply) != 0)
		err = ERR_INVAL;
	return err;
}

long shell_sup_list(cairn_handle_t sup, uint32_t index, struct supervisor_entry *ret)
{
	struct svc_msg m;
	long err;

	supervisor_list_encode(&m, index);
	err = svc_call(sup, &m);
	if (err == 0)
		err = supervisor_list_reply_decode(&m, cairn_ipc_buffer(), ret);
	return err;
}

long shell_sup_find(cairn_handle_t sup, const char *name, uint32_t *ret_index,
		    struct supervisor_entry *ret)
{
	struct supervisor_entry e;

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

long shell_sup_kill(cairn_handle_t sup, const char *name)
{
	struct svc_msg m;
	long err = supervisor_kill_encode(&m, cairn_ipc_buffer(), name, strlen(name));

	return err != 0 ? err : call_for_status(sup, &m, SUPERVISOR_KILL);
}

long shell_sup_shutdown(cairn_handle_t sup)
{
	struct svc_msg m;

	supervisor_shutdown_encode(&m);
	return call_for_status(sup, &m, SUPERVISOR_SHUTDOWN);
}
