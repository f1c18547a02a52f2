/*
 * The message format of synchronous IPC (RFC-0005), shared by the kernel,
 * user programs and host tests. This header owns the bounds, the info word's
 * layout and the IPC buffer's layout; the calls are in syscall.h.
 *
 * A message is an info word, CAIRN_IPC_WORDS words in registers, up to
 * CAIRN_IPC_DATA_MAX bytes of inline data and up to CAIRN_IPC_HANDLES_MAX
 * handles. Data and handles travel in the thread's IPC buffer (registered
 * with ipc_buffer_set); a message of words only never touches it.
 *
 * Registers of ipc_call, ipc_recv, ipc_reply and ipc_reply_recv: a0 the
 * endpoint, a1 the info word, a2..a4 the words, a5 the timeout in
 * nanoseconds (0 polls, CAIRN_WAIT_FOREVER waits without limit). When a message
 * arrives: a0 = 0, a1 its info, a2..a4 its words, a5 the sender's badge
 * (0 on a reply); on an error a0 is the code and the others are unchanged.
 */
#ifndef CAIRN_ABI_IPC_H
#define CAIRN_ABI_IPC_H

#include <stddef.h>
#include <stdint.h>

#define CAIRN_IPC_WORDS	      3u
#define CAIRN_IPC_DATA_MAX    240u
#define CAIRN_IPC_HANDLES_MAX 4u

/* The IPC calls' registers (the table above), counted from a0. */
enum cairn_ipc_reg {
	CAIRN_IPC_REG_HANDLE = 0,  /* in: the endpoint */
	CAIRN_IPC_REG_STATUS = 0,  /* out: 0 or the error */
	CAIRN_IPC_REG_INFO = 1,	   /* the info word */
	CAIRN_IPC_REG_WORD0 = 2,   /* the first of CAIRN_IPC_WORDS words */
	CAIRN_IPC_REG_TIMEOUT = 5, /* in: the timeout in nanoseconds */
	CAIRN_IPC_REG_BADGE = 5,   /* out: the sender's badge, 0 on a reply */
	CAIRN_IPC_REGS = 6,	   /* a0..a5 */
};
_Static_assert(CAIRN_IPC_REG_WORD0 + CAIRN_IPC_WORDS == CAIRN_IPC_REG_TIMEOUT,
	       "the words lie between the info word and the timeout");

/*
 * The info word: bits 0..15 a tag the protocol defines, bits 16..23 the data
 * length (0..CAIRN_IPC_DATA_MAX), bits 24..26 the handle count
 * (0..CAIRN_IPC_HANDLES_MAX); every other bit must be 0.
 */
#define CAIRN_IPC_TAG_MASK     0xffffu
#define CAIRN_IPC_LEN_SHIFT    16u
#define CAIRN_IPC_LEN_MASK     0xffu
#define CAIRN_IPC_HCOUNT_SHIFT 24u
#define CAIRN_IPC_HCOUNT_MASK  0x7u
#define CAIRN_IPC_INFO_VALID   0x07ffffffu

static inline uint64_t cairn_ipc_info(uint32_t tag, uint32_t len, uint32_t handles)
{
	return (uint64_t)(tag & CAIRN_IPC_TAG_MASK) |
	       ((uint64_t)(len & CAIRN_IPC_LEN_MASK) << CAIRN_IPC_LEN_SHIFT) |
	       ((uint64_t)(handles & CAIRN_IPC_HCOUNT_MASK) << CAIRN_IPC_HCOUNT_SHIFT);
}

static inline uint32_t cairn_ipc_tag(uint64_t info)
{
	return (uint32_t)(info & CAIRN_IPC_TAG_MASK);
}

static inline uint32_t cairn_ipc_len(uint64_t info)
{
	return (uint32_t)((info >> CAIRN_IPC_LEN_SHIFT) & CAIRN_IPC_LEN_MASK);
}

static inline uint32_t cairn_ipc_hcount(uint64_t info)
{
	return (uint32_t)((info >> CAIRN_IPC_HCOUNT_SHIFT) & CAIRN_IPC_HCOUNT_MASK);
}

/* How a handle travels: copied (the sender keeps it) or moved (it leaves the sender). */
#define CAIRN_IPC_COPY 0u
#define CAIRN_IPC_MOVE 1u

/*
 * One handle slot of the buffer. Sending: the handle, the rights to give (a
 * subset of those held) and CAIRN_IPC_COPY or CAIRN_IPC_MOVE; moving needs
 * RIGHT_TRANSFER, copying RIGHT_TRANSFER | RIGHT_DUP. Receiving: the new
 * handle and its rights, mode 0.
 */
struct cairn_ipc_handle {
	uint32_t handle;
	uint32_t rights;
	uint32_t mode;
	uint32_t reserved; /* must be 0 */
};
_Static_assert(sizeof(struct cairn_ipc_handle) == 16, "ipc_handle is 16 bytes");

/* The IPC buffer: one per thread, page-aligned in the thread's own address space. */
struct cairn_ipc_buffer {
	uint8_t data[CAIRN_IPC_DATA_MAX];
	struct cairn_ipc_handle handles[CAIRN_IPC_HANDLES_MAX];
};
_Static_assert(sizeof(struct cairn_ipc_buffer) == 304, "ipc_buffer is 304 bytes");
_Static_assert(offsetof(struct cairn_ipc_buffer, handles) == 240, "handles at 240");

/* Notifications carry 32 bits; notification_wait returns the bits that were set. */
#define CAIRN_NOTIFY_BITS 32u

#endif /* CAIRN_ABI_IPC_H */
