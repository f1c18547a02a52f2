/*
 * hello: a Cairn program built outside the tree, against the installed SDK
 * only (README, "Bring your own program"). `make run EXTRA=hello.elf` packs
 * it into the boot image and adds it to init's manifest, and init starts it
 * after every other service with handles [0] itself, [1] init's supervisor
 * endpoint and [2] the console. It tells init it is ready, prints one line
 * and ends; the manifest line's restart=never keeps it ended.
 */
#include <stddef.h>

#include "cairn/print.h"
#include "cairn/start.h"
#include "svc/client.h"

enum { HELLO_H_SUPERVISOR = 1, HELLO_H_CONSOLE = 2, HELLO_HANDLES = 3 };

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	long ready;

	if (count < HELLO_HANDLES)
		return 1; /* not started by init from the manifest */
	ready = svc_ready(handles[HELLO_H_SUPERVISOR]);
	(void)cairn_printf(handles[HELLO_H_CONSOLE],
			   "hello: a program from outside the tree says hello (ready: %s)\n",
			   cairn_err_name(ready));
	return ready == 0 ? 0 : 1;
}
