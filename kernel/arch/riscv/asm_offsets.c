/*
 * The structure offsets and constants the assembly uses, computed by the
 * compiler from the C definitions so they cannot drift. This file is never
 * linked: kernel.mk compiles it to assembly, and tools/asm_offsets.py turns
 * each `asm_offset_NAME` constant in that output into `#define NAME value`
 * in $(GEN)/cairn/asm_offsets.h, which trapentry.S and fastpath.S include.
 * The assertions pin what the assembly assumes beyond plain offsets.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/ipc.h"
#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "cairn/handle.h"
#include "cairn/ipc.h"
#include "cairn/proc.h"
#include "cairn/sched.h"
#include "cairn/trap.h"

/* X(name, value): one #define each. */
#define ASM_OFFSETS(X)                                                                             \
	X(SCHED_READY_LEVELS, offsetof(struct sched_core, ready_levels))                           \
	X(HART_KSTACK, offsetof(struct hart_ctx, kstack_top))                                      \
	X(HART_SLOT, offsetof(struct hart_ctx, slot))                                              \
	X(HART_THREAD, offsetof(struct hart_ctx, thread))                                          \
	X(HART_FP_OWNER, offsetof(struct hart_ctx, fp_owner))                                      \
	X(THREAD_HART, offsetof(struct thread, hart))                                              \
	X(THREAD_PROC, offsetof(struct thread, proc))                                              \
	X(THREAD_NEXT, offsetof(struct thread, next))                                              \
	X(THREAD_WAIT_OBJ, offsetof(struct thread, wait_obj))                                      \
	X(THREAD_WAIT_DEADLINE, offsetof(struct thread, wait_deadline))                            \
	X(THREAD_REPLY_TO, offsetof(struct thread, reply_to))                                      \
	X(THREAD_STATE, offsetof(struct thread, state))                                            \
	X(THREAD_WAIT, offsetof(struct thread, wait))                                              \
	X(THREAD_PRIORITY, offsetof(struct thread, priority))                                      \
	X(THREAD_REPLY_LOST, offsetof(struct thread, reply_lost))                                  \
	X(THREAD_DOOMED, offsetof(struct thread, doomed))                                          \
	X(THREAD_FP_USED, offsetof(struct thread, fp_used))                                        \
	X(THREAD_FP_HART, offsetof(struct thread, fp_hart))                                        \
	X(THREAD_RUNNING_NOT_WAITING, THREAD_RUNNING | (uint64_t)WAIT_NONE << 32)                  \
	X(THREAD_BLOCKED_REPLY, THREAD_BLOCKED | (uint64_t)WAIT_REPLY << 32)                       \
	X(THREAD_BLOCKED_RECV, THREAD_BLOCKED | (uint64_t)WAIT_RECV << 32)                         \
	X(PROC_SATP, offsetof(struct process, satp))                                               \
	X(PROC_SLOTS, offsetof(struct process, handles.slots))                                     \
	X(SLOT_SHIFT, 5)                                                                           \
	X(SLOT_MASK, HANDLE_TABLE_SLOTS - 1)                                                       \
	X(SLOT_HANDLE, offsetof(struct handle_slot, handle))                                       \
	X(SLOT_KIND, offsetof(struct handle_slot, entry.kind))                                     \
	X(SLOT_RIGHTS, offsetof(struct handle_slot, entry.rights))                                 \
	X(SLOT_OBJ, offsetof(struct handle_slot, entry.obj))                                       \
	X(SLOT_BADGE, offsetof(struct handle_slot, entry.badge))                                   \
	X(ASM_KIND_ENDPOINT, KIND_ENDPOINT)                                                        \
	X(ASM_RIGHT_SEND_BIT, __builtin_ctz(RIGHT_SEND))                                           \
	X(ASM_RIGHT_RECV_BIT, __builtin_ctz(RIGHT_RECV))                                           \
	X(EP_REFS, offsetof(struct endpoint, refs))                                                \
	X(EP_SENDERS_HEAD, offsetof(struct endpoint, senders.head))                                \
	X(EP_WAITING_HEAD, offsetof(struct endpoint, waiting.head))                                \
	X(EP_WAITING_TAIL, offsetof(struct endpoint, waiting.tail))                                \
	X(ASM_SYS_NULL, SYS_null)                                                                  \
	X(ASM_SYS_IPC_CALL, SYS_ipc_call)                                                          \
	X(ASM_SYS_IPC_REPLY_RECV, SYS_ipc_reply_recv)                                              \
	X(ASM_ECALL_U, TRAP_EXC_ECALL_U)                                                           \
	X(ASM_INFO_TAG_BITS, 16)

/* What the assembly relies on beyond offsets. */
_Static_assert((RIGHT_SEND & (RIGHT_SEND - 1)) == 0 && (RIGHT_RECV & (RIGHT_RECV - 1)) == 0 &&
		       RIGHT_RECV < (1ull << 32),
	       "ASM_RIGHT_*_BIT: each right is one bit of the 32-bit rights word");
_Static_assert(sizeof(struct handle_slot) == 1u << 5, "SLOT_SHIFT: a slot is 32 bytes");
_Static_assert(CAIRN_IPC_TAG_MASK == (1u << 16) - 1,
	       "ASM_INFO_TAG_BITS: an info word of words only is its tag alone");
_Static_assert(offsetof(struct thread, tf) == 0, "a thread starts with its trap frame");
_Static_assert(offsetof(struct thread, wait) == offsetof(struct thread, state) + 4 &&
		       offsetof(struct thread, state) % 8 == 0 && sizeof(enum thread_state) == 4 &&
		       sizeof(enum thread_wait) == 4,
	       "state and wait are one 8-byte word, state in its low half");
_Static_assert(sizeof(((struct handle_slot *)0)->handle) == 4, "a slot's handle is 32 bits");
_Static_assert(sizeof(((struct handle_slot *)0)->entry.kind) == 4 &&
		       offsetof(struct handle_slot, entry.kind) == 0 &&
		       offsetof(struct handle_slot, entry.rights) == 4 &&
		       offsetof(struct process, handles.slots) % 8 == 0,
	       "kind and rights are one 8-byte word, kind in its low half");
_Static_assert(sizeof(((struct endpoint *)0)->refs) == 4, "endpoint refs are 32 bits");
_Static_assert(sizeof(((struct thread *)0)->priority) == 4, "a priority is 32 bits");
_Static_assert(sizeof(((struct thread *)0)->reply_lost) == 1 &&
		       sizeof(((struct thread *)0)->doomed) == 1 &&
		       sizeof(((struct thread *)0)->fp_used) == 1,
	       "the thread's flags are bytes");
_Static_assert(sizeof(sched_core.ready_levels) == 4 && sizeof(sched_core.lock.locked) == 4 &&
		       offsetof(struct sched_core, lock) == 0,
	       "the lock and the ready levels are 32-bit words, the lock first");
_Static_assert(CAIRN_PRIORITY_MAX < 31, "a priority's level bit and the one above fit 32 bits");

#define ASM_OFFSET_DEFINE(name, value)                                                             \
	extern const uint64_t asm_offset_##name;                                                   \
	const uint64_t asm_offset_##name = (value);
ASM_OFFSETS(ASM_OFFSET_DEFINE)
