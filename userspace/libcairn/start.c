/*
 * The C half of process start-up (the assembly half is crt0.S, which has
 * set gp and the main thread's tp already). The kernel loads the image with
 * .bss zeroed, so nothing needs clearing here. The main thread's IPC buffer
 * is registered before the program's cairn_main runs.
 */
#include "cairn/start.h"

#include "cairn/ipc.h"
#include "cairn/sys.h"

static struct cairn_ipc_buffer start_ipc_buffer __attribute__((aligned(CAIRN_PAGE_SIZE)));

struct cairn_ipc_buffer *cairn_ipc_buffer(void)
{
	return &start_ipc_buffer;
}

_Noreturn void cairn_start(const cairn_handle_t *handles, size_t count, cairn_main_fn *main_fn)
{
	if (cairn_ipc_buffer_set(&start_ipc_buffer) != 0)
		cairn_process_exit(127);
	cairn_process_exit(main_fn(handles, count));
}
