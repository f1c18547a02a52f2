/*
 * Object kinds and handle rights, shared by the kernel, user programs and host
 * tests (RFC-0004). A handle names one kernel object and carries a rights mask;
 * rights can only be narrowed, never widened.
 */
#ifndef CAIRN_ABI_RIGHTS_H
#define CAIRN_ABI_RIGHTS_H

#include <stdint.h>

typedef uint32_t cairn_handle_t;

/* No valid handle has this value. */
#define CAIRN_HANDLE_INVALID ((cairn_handle_t)0)

enum cairn_kind {
	KIND_NONE = 0,
	KIND_PROCESS = 1,
	KIND_THREAD = 2,
	KIND_VMO = 3,
	KIND_CONSOLE = 4,
	KIND_BOOTIMAGE = 5,
	KIND_ENDPOINT = 6,
	KIND_NOTIFICATION = 7,
	KIND_MMIO = 8,
	KIND_INTERRUPT = 9,
};

#define RIGHT_DUP      (1u << 0) /* may be duplicated (with equal or fewer rights) */
#define RIGHT_TRANSFER (1u << 1) /* may be handed to another process */
#define RIGHT_READ     (1u << 2) /* read the object; map it readable */
#define RIGHT_WRITE    (1u << 3) /* write the object; map it writable */
#define RIGHT_EXECUTE  (1u << 4) /* map it executable */
#define RIGHT_MAP      (1u << 5) /* map a VMO or an MMIO region at all */
#define RIGHT_MANAGE                                                                               \
	(1u << 6) /* process: map, add threads; thread: priority; interrupt: bind, ack */
#define RIGHT_ALLOC  (1u << 7)	/* process: create memory objects charged to it */
#define RIGHT_WAIT   (1u << 8)	/* process: wait for its exit; notification: wait on it */
#define RIGHT_KILL   (1u << 9)	/* process: end it */
#define RIGHT_SPAWN  (1u << 10) /* boot image: start programs from it */
#define RIGHT_SEND   (1u << 11) /* endpoint: call through it */
#define RIGHT_RECV   (1u << 12) /* endpoint: receive from it and reply */
#define RIGHT_MINT   (1u << 13) /* endpoint: make badged handles from this unbadged one */
#define RIGHT_SIGNAL (1u << 14) /* notification: set bits in it */
#define RIGHT_DMA    (1u << 15) /* MMIO region: make DMA memory for it; VMO: read its addresses */
#define RIGHTS_ALL   ((1u << 16) - 1)

#endif /* CAIRN_ABI_RIGHTS_H */
