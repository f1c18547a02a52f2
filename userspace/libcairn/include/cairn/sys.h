/*
 * Typed wrappers, one per system call of RFC-0003, over the generated stubs
 * in cairn/ecall.h. Each returns what the kernel returned: a non-negative
 * value (a handle, a length, a status, 0) or a negative ERR_* code. Because
 * every wrapper calls its stub with the table's argument count, a change of
 * arity in the ABI header breaks the build here instead of at run time.
 */
#ifndef LIBCAIRN_SYS_H
#define LIBCAIRN_SYS_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "cairn/ecall.h"

static inline long cairn_null(void)
{
	return cairn_sys_null();
}

static inline long cairn_handle_close(cairn_handle_t h)
{
	return cairn_sys_handle_close(h);
}

/* A new handle to the same object with `rights`, which must be a subset of h's. */
static inline long cairn_handle_dup(cairn_handle_t h, uint32_t rights)
{
	return cairn_sys_handle_dup(h, rights);
}

/* The system clock, when the kernel started and the harts' idle time, in nanoseconds. */
static inline long cairn_clock_read(struct cairn_clock *ret_clock)
{
	return cairn_sys_clock_read((uintptr_t)ret_clock);
}

static inline long cairn_handle_query(cairn_handle_t h, struct cairn_handle_info *ret_info)
{
	return cairn_sys_handle_query(h, (uintptr_t)ret_info);
}

/* Prints at most CAIRN_DEBUG_WRITE_MAX bytes; cairn/print.h chunks longer text. */
static inline long cairn_debug_write(cairn_handle_t console, const void *buf, size_t len)
{
	return cairn_sys_debug_write(console, (uintptr_t)buf, len);
}

static inline long cairn_vmo_create(cairn_handle_t proc, size_t size)
{
	return cairn_sys_vmo_create(proc, size);
}

static inline long cairn_vmo_map(cairn_handle_t proc, cairn_handle_t vmo, uintptr_t vaddr,
				 uint32_t prot)
{
	return cairn_sys_vmo_map(proc, vmo, vaddr, prot);
}

static inline long cairn_vmo_unmap(cairn_handle_t proc, uintptr_t vaddr)
{
	return cairn_sys_vmo_unmap(proc, vaddr);
}

static inline long cairn_process_spawn(cairn_handle_t image, const struct cairn_spawn_args *args)
{
	return cairn_sys_process_spawn(image, (uintptr_t)args);
}

/* The exit status (see cairn/proc.h), or ERR_TIMEOUT after `timeout` nanoseconds. */
static inline long cairn_process_wait(cairn_handle_t proc, uint64_t timeout)
{
	return cairn_sys_process_wait(proc, timeout);
}

static inline _Noreturn void cairn_process_exit(int code)
{
	cairn_sys_process_exit((uint64_t)(int64_t)code);
	for (;;) {
		/* process_exit does not return; spin if a broken kernel says otherwise */
	}
}

static inline long cairn_process_kill(cairn_handle_t proc)
{
	return cairn_sys_process_kill(proc);
}

static inline long cairn_thread_create(cairn_handle_t proc, void (*entry)(uint64_t), uintptr_t sp,
				       uint64_t arg)
{
	return cairn_sys_thread_create(proc, (uintptr_t)entry, sp, arg);
}

static inline _Noreturn void cairn_thread_exit(void)
{
	cairn_sys_thread_exit();
	for (;;) {
		/* thread_exit does not return */
	}
}

static inline long cairn_thread_yield(void)
{
	return cairn_sys_thread_yield();
}

static inline long cairn_thread_set_priority(cairn_handle_t thread, uint32_t priority)
{
	return cairn_sys_thread_set_priority(thread, priority);
}

/*
 * Copy up to len (<= CAIRN_BOOTIMAGE_READ_MAX) bytes of the boot-image file
 * `name` from `offset` into buf: the count copied (0 at or past the end) or
 * an ERR_* code. Needs RIGHT_READ on the image.
 */
long cairn_bootimage_read(cairn_handle_t image, const char *name, uint64_t offset, void *buf,
			  size_t len);

/*
 * Read the whole boot-image file `name` into buf, which has room for max + 1
 * bytes (one past max tells a file that is too long): its length, ERR_NOSPC
 * when it is longer than max, or bootimage_read's error.
 */
long cairn_bootimage_read_file(cairn_handle_t image, const char *name, char *buf, size_t max);

#endif /* LIBCAIRN_SYS_H */
