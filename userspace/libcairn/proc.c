/*
 * cairn_spawn: fills the ABI's spawn argument block from a request. The block
 * lives on the caller's stack only for the duration of the call; the kernel
 * copies what it needs before it returns.
 */
#include "cairn/proc.h"

#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/sys.h"

long cairn_spawn(cairn_handle_t image, const struct cairn_spawn_req *req)
{
	struct cairn_spawn_args args;

	memset(&args, 0, sizeof(args));
	args.name = (uintptr_t)req->name;
	args.name_len = strlen(req->name);
	args.handles = (uintptr_t)req->handles;
	args.handle_count = req->handle_count;
	args.self_rights = req->self_rights;
	args.priority = req->priority;
	return cairn_process_spawn(image, &args);
}
