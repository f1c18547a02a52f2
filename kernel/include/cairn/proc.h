/*
 * Processes and threads. A process is an address space, a handle table,
 * threads, a name and an exit status; a thread is a saved user register
 * frame with a priority and a state. Both come from fixed pools
 * (PROC_MAX, THREAD_MAX): exhaustion is ERR_NOMEM, never a panic.
 *
 * Everything here runs under the kernel lock (cairn/sched.h).
 */
#ifndef CAIRN_PROC_H
#define CAIRN_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"
#include "cairn/fpu.h"
#include "cairn/handle.h"
#include "cairn/pte.h"
#include "cairn/quota.h"
#include "cairn/trap.h"
#include "cairn/vm.h"

#define PROC_MAX   32
#define THREAD_MAX 128

/* Each process's first thread gets this much stack, just below CAIRN_USER_END. */
#define PROC_STACK_PAGES CAIRN_STACK_PAGES
#define PROC_STACK_TOP	 CAIRN_USER_END

enum thread_state {
	THREAD_FREE,
	THREAD_NEW,	/* made, not yet on a run queue */
	THREAD_READY,	/* on a run queue */
	THREAD_RUNNING, /* on a hart (hart_ctx.thread) */
	THREAD_BLOCKED, /* waiting: see enum thread_wait */
	THREAD_DEAD,	/* ended, but a handle still names it */
};

/* What a BLOCKED thread waits for (cairn/wait.h); wait_obj names it. */
enum thread_wait {
	WAIT_NONE,
	WAIT_PROCESS, /* process_wait: a struct process, referenced */
	WAIT_SEND,    /* ipc_call, queued: a struct endpoint, referenced */
	WAIT_RECV,    /* ipc_recv, queued: a struct endpoint, referenced */
	WAIT_REPLY,   /* ipc_call, received: the server struct thread holding its reply right */
	WAIT_NOTIFY,  /* notification_wait: a struct notification, referenced */
};

struct process;
struct vmo;

struct hart_ctx;

/*
 * A thread. The trap frame comes first: the entry code (trapentry.S) finds
 * it at the thread's own address, which sscratch holds while it runs.
 */
struct thread {
	struct trap_frame tf;
	struct hart_ctx *hart; /* the hart it last ran on (set on every return to user mode) */
	struct process *proc;
	struct thread *next;	 /* run queue or endpoint queue link */
	void *wait_obj;		 /* BLOCKED: what it waits for (enum thread_wait) */
	uint64_t wait_deadline;	 /* BLOCKED: `time` to give up at */
	uint64_t send_badge;	 /* WAIT_SEND: the badge its message carries */
	uint64_t ipc_buffer;	 /* user address of its IPC buffer, 0 when none */
	struct thread *reply_to; /* the caller this thread owes a reply, or NULL */
	enum thread_state state;
	enum thread_wait wait;
	uint32_t priority;
	uint32_t refs;		 /* handles naming it; the slot stays while any does */
	struct process *charged; /* DEAD: the process its slot is charged to, referenced */
	bool reply_lost;	 /* the caller it owed a reply timed out or ended */
	bool doomed;		 /* its process ended while it ran on another hart */
	bool fp_used;		 /* has changed its f-registers: fp holds them (cairn/fpu.h) */
	uint64_t fp_hart;    /* 1 + the slot of the hart its f-registers were left in; 0: none */
	struct fpu_state fp; /* f0-f31 and fcsr while they are not in a hart (cairn/fpu.h) */
};

/* VMO mappings one process may hold; a hosted program's heap takes one per VMO (RFC-0020). */
#define PROC_MAPPINGS_MAX 32

/* One VMO mapped whole at va; it holds a reference to the VMO. */
struct proc_mapping {
	struct vmo *vmo; /* NULL when the slot is free */
	uint64_t va;
};

struct process {
	bool used;
	bool exited;
	uint32_t exit_status; /* process_wait's answer once exited */
	uint32_t refs;	      /* handles and kernel references naming it */
	uint32_t threads;     /* threads not yet freed */
	uint64_t id;
	pte_t *root;
	uint64_t satp; /* satp for root, 0 while root is NULL */
	struct handle_table handles;
	struct proc_mapping maps[PROC_MAPPINGS_MAX];
	char name[CAIRN_NAME_MAX + 1];
	uint32_t priority_max; /* the ceiling its spawner gave it: no thread of it runs above */
	struct quota quota;    /* its limits, from its spawner, and what is charged to it */
	struct process
		*account; /* charged with its quota: its spawner, referenced; NULL for init */
};

/*
 * Make an empty process named by the `len` bytes at `name` (1..CAIRN_NAME_MAX):
 * a fresh address space sharing the kernel's mappings, an empty handle
 * table, one reference held by the caller, `limits` as its quota. Its top
 * table is charged to it; `limits` and a process to `account` (its spawner,
 * which it references; NULL for init), which must have room for them
 * (quota_can_give). 0, ERR_INVAL, ERR_NOMEM.
 */
int proc_create(const char *name, size_t len, const struct quota *limits, struct process *account,
		struct process **ret_proc);

/* The page-table source for p's user mappings: each table is charged to p's QUOTA_PAGES. */
struct vm_table_source proc_tables(struct process *p);

/* The priority a thread_create'd thread of `p` starts at: the default, or p's ceiling if lower. */
static inline uint32_t proc_new_thread_priority(const struct process *p)
{
	return p->priority_max < CAIRN_PRIORITY_DEFAULT ? p->priority_max : CAIRN_PRIORITY_DEFAULT;
}

/*
 * A new READY-to-be thread (state NEW until sched_make_ready) of `p`, charged
 * to p's quota; 0 or ERR_NOMEM (no slot, or no room in the quota).
 */
int proc_thread_create(struct process *p, uint64_t pc, uint64_t sp, uint32_t priority,
		       struct thread **ret_thread);

/*
 * Load the ELF program `blob` into `p` and give it a stack; on success the
 * entry point and initial stack pointer. ERR_BADIMAGE, ERR_RANGE, ERR_NOMEM;
 * on failure the pages already mapped stay with `p` and go when it does.
 */
int proc_load(struct process *p, const void *blob, size_t size, uint64_t *ret_entry,
	      uint64_t *ret_sp);

/* True if the pools hold `threads` free thread slots and a free process slot. */
bool proc_can_create(size_t threads);

/*
 * Give `t` its initial handles: the array goes at the top of its stack, a0
 * points at it, a1 counts it, and sp moves below it (16-byte aligned).
 */
void proc_pass_handles(struct thread *t, const cairn_handle_t *handles, size_t count);

/*
 * Map a fresh zeroed frame owned by `p` at user `va`, it and any new table
 * charged to p's QUOTA_PAGES; 0, ERR_NOMEM (also when the quota is full) or
 * vm_map_user's errors.
 */
int proc_map_anon(struct process *p, uint64_t va, unsigned prot);

/*
 * End `p` with `status`: its handles close, its threads stop (one running on
 * another hart stops when that hart next enters the kernel), its memory is
 * freed once no hart runs it, and its waiters wake. `hart` is the calling
 * hart, which may be running one of p's threads.
 */
void proc_exit(struct hart_ctx *hart, struct process *p, uint32_t status);

/* A user-mode fault on `hart`: report it and end the thread's process. */
void proc_fault(struct hart_ctx *hart, struct thread *t, uint64_t scause, uint64_t sepc,
		uint64_t stval);

/* End thread `t` (running on `hart`); its process ends with 0 if it was the last. */
void proc_thread_exit(struct hart_ctx *hart, struct thread *t);

/* Take and drop a reference to a process (handles, waiters). */
void proc_ref(struct process *p);
void proc_unref(struct process *p);

/* Take and drop a handle's reference to a thread. */
void proc_thread_ref(struct thread *t);
void proc_thread_unref(struct thread *t);

/* Move `t` to `priority` (0..CAIRN_PRIORITY_MAX), requeueing it if it is ready. */
void proc_thread_set_priority(struct thread *t, uint32_t priority);

/* The hooks handle tables use to count references to the objects in them. */
extern const struct handle_obj_ops proc_handle_ops;

/* Call fn on every thread that is not FREE (the wait module's timeout scan). */
void proc_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx);

/* Bytes in the boot image linked into the kernel (cairn/bootimg.h). */
size_t proc_boot_image_size(void);

/* Find init in the boot image, load it and make its thread ready; 0 or an error. */
int proc_start_init(void);

/* Record `p` as init, whose end ends the run. */
void proc_set_init(struct process *p);

/* True if `p` is init. */
bool proc_is_init(const struct process *p);

/* Leave `hart` running no thread, on the kernel's page tables. */
void proc_hart_detach(struct hart_ctx *hart);

/*
 * After some of `p`'s user mappings in [va, va + size) were removed or
 * narrowed: make every hart that may still hold a translation of them drop
 * it, and return only when all have, so the frames may be reused. Only harts
 * running a thread of `p` can hold one, since every change of satp flushes
 * the whole TLB. Cannot fail. Lock held.
 */
void proc_flush_tlb(const struct process *p, uint64_t va, uint64_t size);

/* Free a thread that runs nowhere, and its process's memory if it was the last. */
void proc_thread_free(struct thread *t);

#endif /* CAIRN_PROC_H */
