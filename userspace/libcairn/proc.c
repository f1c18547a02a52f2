/*
 * cairn_spawn and cairn_bootimage_read: fill the ABI's argument blocks. A block
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
	if (req->quota != NULL)
		args.quota = *req->quota;
	else
		args.quota = (struct cairn_quota)CAIRN_QUOTA_DEFAULT;
	return cairn_process_spawn(image, &args);
}

long cairn_bootimage_read(cairn_handle_t image, const char *name, uint64_t offset, void *buf,
			  size_t len)
{
	struct cairn_bootimage_read_args args = {
		.name = (uintptr_t)name,
		.name_len = strlen(name),
		.offset = offset,
		.buf = (uintptr_t)buf,
		.len = len,
	};

	return cairn_sys_bootimage_read(image, (uintptr_t)&args);
}

long cairn_bootimage_read_file(cairn_handle_t image, const char *name, char *buf, size_t max)
{
	size_t len = 0;

	while (len <= max) {
		size_t want = max + 1 - len;
		long n = cairn_bootimage_read(
			image, name, len, &buf[len],
			want < CAIRN_BOOTIMAGE_READ_MAX ? want : CAIRN_BOOTIMAGE_READ_MAX);

		if (n <= 0)
			return n < 0 ? n : (long)len;
		len += (size_t)n;
	}
	return ERR_NOSPC;
}
