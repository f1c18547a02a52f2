/*
 * The system-call ABI (RFC-0003), shared by the kernel, user programs and host
 * tests. A call is `ecall` with the number in a7 and arguments in a0..a5; the
 * result comes back in a0: a non-negative value, or a negative code from
 * errors.h. This header owns the numbers, the argument structures and their
 * layout; RFC-0003 lists the same calls, and the contracts gate keeps the two
 * in step.
 */
#ifndef CAIRN_ABI_SYSCALL_H
#define CAIRN_ABI_SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/rights.h"

/* X(number, name, argument count) */
#define CAIRN_SYSCALLS(X)                                                                          \
	X(0, null, 0)                                                                              \
	X(1, handle_close, 1)                                                                      \
	X(2, handle_dup, 2)                                                                        \
	X(3, handle_query, 2)                                                                      \
	X(4, debug_write, 3)                                                                       \
	X(5, vmo_create, 2)                                                                        \
	X(6, vmo_map, 4)                                                                           \
	X(7, vmo_unmap, 2)                                                                         \
	X(8, process_spawn, 2)                                                                     \
	X(9, process_wait, 2)                                                                      \
	X(10, process_exit, 1)                                                                     \
	X(11, process_kill, 1)                                                                     \
	X(12, thread_create, 4)                                                                    \
	X(13, thread_exit, 0)                                                                      \
	X(14, thread_yield, 0)                                                                     \
	X(15, thread_set_priority, 2)                                                              \
	X(16, endpoint_create, 1)                                                                  \
	X(17, endpoint_mint, 3)                                                                    \
	X(18, ipc_call, 6)                                                                         \
	X(19, ipc_recv, 6)                                                                         \
	X(20, ipc_reply, 6)                                                                        \
	X(21, ipc_reply_recv, 6)                                                                   \
	X(22, ipc_buffer_set, 1)                                                                   \
	X(23, notification_create, 1)                                                              \
	X(24, notification_signal, 2)                                                              \
	X(25, notification_wait, 2)                                                                \
	X(26, mmio_map, 3)                                                                         \
	X(27, irq_bind, 3)                                                                         \
	X(28, irq_ack, 1)                                                                          \
	X(29, bootimage_read, 2)                                                                   \
	X(30, clock_read, 1)                                                                       \
	X(31, device_info, 2)                                                                      \
	X(32, dma_create, 3)                                                                       \
	X(33, vmo_phys, 2)

enum cairn_syscall {
#define CAIRN_SYSCALL_ENUM(num, name, nargs) SYS_##name = (num),
	CAIRN_SYSCALLS(CAIRN_SYSCALL_ENUM)
#undef CAIRN_SYSCALL_ENUM
		SYS_COUNT
};

/* Bounds every caller can rely on. */
#define CAIRN_PAGE_SIZE		4096u
#define CAIRN_DEBUG_WRITE_MAX	256u	    /* bytes per debug_write */
#define CAIRN_VMO_SIZE_MAX	(16u << 20) /* bytes per memory object */
#define CAIRN_SPAWN_HANDLES_MAX 8u	    /* handles a new process starts with */
#define CAIRN_NAME_MAX		31u	    /* bytes in a program name */
#define CAIRN_PRIORITY_MAX	7u	    /* 0 lowest .. 7 highest */
#define CAIRN_PRIORITY_DEFAULT	4u
#define CAIRN_WAIT_FOREVER	UINT64_MAX /* timeout of every blocking call: no limit */

/* Timeouts are nanoseconds (the kernel converts with the device tree's timebase). */
#define CAIRN_NS_PER_US 1000ull
#define CAIRN_NS_PER_MS 1000000ull
#define CAIRN_NS_PER_S	1000000000ull

/* User address window: every user mapping lies in [BASE, END). */
#define CAIRN_USER_BASE 0x100000000ull	/* 4 GiB */
#define CAIRN_USER_END	0x3f00000000ull /* 252 GiB */

/*
 * A new process's first thread gets CAIRN_STACK_PAGES of stack just below
 * CAIRN_USER_END, so a program's segments must lie below
 * CAIRN_USER_STACK_BOTTOM: process_spawn refuses one that reaches it with
 * ERR_RANGE (RFC-0010).
 */
#define CAIRN_STACK_PAGES	16u
#define CAIRN_USER_STACK_BOTTOM (CAIRN_USER_END - (uint64_t)CAIRN_STACK_PAGES * CAIRN_PAGE_SIZE)

/*
 * process_wait's result: how the process ended. A normal exit gives the low 8
 * bits of the code passed to process_exit; the two flags below mark the others.
 */
#define CAIRN_EXIT_CODE_MASK 0xffu
#define CAIRN_EXIT_KILLED    0x100u /* ended by process_kill */
#define CAIRN_EXIT_FAULT     0x200u /* killed by a fault: 0x200 | the exception cause (0..63) */

/* vmo_map protection bits. */
#define CAIRN_PROT_READ	 (1u << 0)
#define CAIRN_PROT_WRITE (1u << 1)
#define CAIRN_PROT_EXEC	 (1u << 2)

/* handle_query fills this. */
struct cairn_handle_info {
	uint32_t kind;	 /* enum cairn_kind */
	uint32_t rights; /* RIGHT_* mask */
	uint64_t object_id;
};
_Static_assert(sizeof(struct cairn_handle_info) == 16, "handle_info is 16 bytes");
_Static_assert(offsetof(struct cairn_handle_info, object_id) == 8, "object_id at 8");

/*
 * A process's quota (RFC-0010): what may be charged to it at once. Its
 * spawner gives it, out of the spawner's own: the whole of it is charged to
 * the spawner while the child's slot lives. Charged to a process: its
 * threads, its address space (top table, page tables, the pages of its
 * program and stack), the endpoints, notifications and VMOs (with their
 * pages) created with a handle to it, and the quotas of its children plus
 * one process each. Running out is ERR_NOMEM.
 */
struct cairn_quota {
	uint32_t processes; /* children alive at once, their own children included */
	uint32_t threads;   /* its first thread included */
	uint32_t endpoints;
	uint32_t notifications;
	uint32_t vmos;
	uint32_t pages; /* 4 KiB frames */
};
_Static_assert(sizeof(struct cairn_quota) == 24, "quota is 24 bytes");

/*
 * A quota for a small program (init's default for a service, the SDK's for
 * cairn_spawn): no children; four threads, endpoints, notifications and
 * VMOs; 512 pages (2 MiB), which hold a small program, its stack and page
 * tables with room for its VMOs.
 */
#define CAIRN_QUOTA_DEFAULT                                                                        \
	{                                                                                          \
		.processes = 0, .threads = 4, .endpoints = 4, .notifications = 4, .vmos = 4,       \
		.pages = 512                                                                       \
	}

/* process_spawn reads this from the caller. */
struct cairn_spawn_args {
	uint64_t name;		  /* user pointer to the program name (not NUL-terminated) */
	uint64_t name_len;	  /* 1..CAIRN_NAME_MAX */
	uint64_t handles;	  /* user pointer to handle_count handles to copy */
	uint32_t handle_count;	  /* 0..CAIRN_SPAWN_HANDLES_MAX */
	uint32_t self_rights;	  /* rights of the child's handle to itself */
	uint32_t priority;	  /* 0..CAIRN_PRIORITY_MAX */
	uint32_t reserved;	  /* must be 0 */
	struct cairn_quota quota; /* the child's, out of the caller's (RFC-0010) */
};
_Static_assert(sizeof(struct cairn_spawn_args) == 64, "spawn_args is 64 bytes");
_Static_assert(offsetof(struct cairn_spawn_args, handle_count) == 24, "handle_count at 24");
_Static_assert(offsetof(struct cairn_spawn_args, quota) == 40, "quota at 40");

/*
 * clock_read fills this. Times are nanoseconds of the one system clock (the
 * `time` CSR, converted with the device tree's timebase), counted from its
 * zero, about when the machine reset. Under QEMU's -icount shift=0 that clock
 * advances one nanosecond per instruction while a hart runs, so now_ns -
 * idle_ns on one hart counts the instructions it retired.
 */
struct cairn_clock {
	uint64_t now_ns;   /* the time now */
	uint64_t boot_ns;  /* when the kernel started */
	uint64_t idle_ns;  /* summed over the online harts: time spent waiting for work */
	uint32_t harts;	   /* harts online */
	uint32_t reserved; /* 0 */
};
_Static_assert(sizeof(struct cairn_clock) == 32, "cairn_clock is 32 bytes");

/* bootimage_read reads this from the caller; it answers the bytes copied (0 at the end). */
struct cairn_bootimage_read_args {
	uint64_t name;	   /* user pointer to the file name (not NUL-terminated) */
	uint64_t name_len; /* 1..CAIRN_NAME_MAX */
	uint64_t offset;   /* byte offset into the file */
	uint64_t buf;	   /* user pointer to len writable bytes */
	uint64_t len;	   /* 0..CAIRN_BOOTIMAGE_READ_MAX */
};
_Static_assert(sizeof(struct cairn_bootimage_read_args) == 40, "bootimage_read_args is 40 bytes");
#define CAIRN_BOOTIMAGE_READ_MAX 4096u /* bytes per bootimage_read */

/*
 * A new process starts at its ELF entry with a0 = user pointer to its initial
 * handles (cairn_handle_t[count], on its stack), a1 = count. Handle 0 of that
 * array is always the process's handle to itself.
 */

#endif /* CAIRN_ABI_SYSCALL_H */
