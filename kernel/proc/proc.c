/*
 * Process and thread pools, and the life of each (cairn/proc.h): creation,
 * the end of a thread or a process, faults, reference counts and waits.
 * Loading programs is load.c's. Everything runs under the kernel lock.
 *
 * Lifetimes: a process slot is reused once no handle or waiter names it
 * (refs) and none of its threads is left (threads). Its memory goes as soon
 * as it has ended and no hart runs it any more. Everything charged to a
 * process's quota (cairn/quota.h) references it, so by the time its slot
 * goes nothing is charged to it, and its quota goes back to its spawner.
 */
#include "cairn/proc.h"

#include "cairn/abi/errors.h"
#include "cairn/console.h"
#include "cairn/image.h"
#include "cairn/ipc.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/panic.h"
#include "cairn/phys.h"
#include "cairn/quota.h"
#include "cairn/riscv.h"
#include "cairn/sched.h"
#include "cairn/smp.h"
#include "cairn/string.h"
#include "cairn/vm.h"
#include "cairn/vmo.h"
#include "cairn/wait.h"

static struct process proc_pool[PROC_MAX];
static struct thread proc_threads[THREAD_MAX];
static uint64_t proc_next_id = 1;
static struct process *proc_init;

/* Root-table entries that cover the user window. */
#define PROC_ROOT_FIRST ((unsigned)(CAIRN_USER_BASE >> 30))
#define PROC_ROOT_LAST	((unsigned)((CAIRN_USER_END - 1) >> 30))

/* Adapters to one signature: an endpoint counts senders and receivers by the handle's rights. */
static void ref_process(void *obj, uint32_t rights)
{
	(void)rights;
	proc_ref(obj);
}
static void unref_process(void *obj, uint32_t rights)
{
	(void)rights;
	proc_unref(obj);
}
static void ref_thread(void *obj, uint32_t rights)
{
	(void)rights;
	proc_thread_ref(obj);
}
static void unref_thread(void *obj, uint32_t rights)
{
	(void)rights;
	proc_thread_unref(obj);
}
static void ref_vmo(void *obj, uint32_t rights)
{
	(void)rights;
	vmo_ref(obj);
}
static void unref_vmo(void *obj, uint32_t rights)
{
	(void)rights;
	vmo_unref(obj);
}
static void ref_notification(void *obj, uint32_t rights)
{
	(void)rights;
	notification_ref(obj);
}
static void unref_notification(void *obj, uint32_t rights)
{
	(void)rights;
	notification_unref(obj);
}
static void ref_endpoint(void *obj, uint32_t rights)
{
	endpoint_ref(obj, rights);
}
static void unref_endpoint(void *obj, uint32_t rights)
{
	endpoint_unref(obj, rights);
}

/*
 * How a handle counts a reference to its object, by kind: the one table
 * every handle copy, move and close goes through. Kinds it leaves out (the
 * console, the boot image, MMIO regions, interrupts) live for the whole run.
 */
static const struct {
	void (*ref)(void *obj, uint32_t rights);
	void (*unref)(void *obj, uint32_t rights);
} proc_kind_ops[] = {
	[KIND_PROCESS] = {ref_process, unref_process},
	[KIND_THREAD] = {ref_thread, unref_thread},
	[KIND_VMO] = {ref_vmo, unref_vmo},
	[KIND_ENDPOINT] = {ref_endpoint, unref_endpoint},
	[KIND_NOTIFICATION] = {ref_notification, unref_notification},
};
#define PROC_KINDS (sizeof(proc_kind_ops) / sizeof(proc_kind_ops[0]))

static void proc_handle_ref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	if ((size_t)kind < PROC_KINDS && proc_kind_ops[kind].ref != NULL)
		proc_kind_ops[kind].ref(obj, rights);
}

static void proc_handle_unref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	if ((size_t)kind < PROC_KINDS && proc_kind_ops[kind].unref != NULL)
		proc_kind_ops[kind].unref(obj, rights);
}

const struct handle_obj_ops proc_handle_ops = {proc_handle_ref, proc_handle_unref};

static struct process *proc_slot_alloc(void)
{
	for (size_t i = 0; i < PROC_MAX; i++) {
		if (!proc_pool[i].used)
			return &proc_pool[i];
	}
	return NULL;
}

bool proc_can_create(size_t threads)
{
	size_t free_threads = 0;

	for (size_t i = 0; i < THREAD_MAX; i++)
		free_threads += proc_threads[i].state == THREAD_FREE ? 1 : 0;
	return proc_slot_alloc() != NULL && free_threads >= threads;
}

int proc_create(const char *name, size_t len, const struct quota *limits, struct process *account,
		struct process **ret_proc)
{
	struct process *p = proc_slot_alloc();
	uint64_t root;

	if (len == 0 || len > CAIRN_NAME_MAX)
		return ERR_INVAL;
	if (p == NULL || !quota_has_room(limits, QUOTA_PAGES, 1) || kmem_frame_alloc(&root) != 0)
		return ERR_NOMEM;
	*p = (struct process){.used = true, .refs = 1, .id = proc_next_id++, .quota = *limits};
	quota_charge(&p->quota, QUOTA_PAGES, 1); /* the top table */
	if (account != NULL) {
		quota_give(&account->quota, limits);
		proc_ref(account);
		p->account = account;
	}
	p->root = phys_to_ptr(root);
	p->satp = pte_satp(root);
	/* Share the kernel's mappings: none of its root entries lies in the user window. */
	memcpy(p->root, kvm_root(), PTE_PAGE_SIZE);
	handle_table_init(&p->handles, &proc_handle_ops);
	memcpy(p->name, name, len);
	*ret_proc = p;
	return 0;
}

int proc_thread_create(struct process *p, uint64_t pc, uint64_t sp, uint32_t priority,
		       struct thread **ret_thread)
{
	for (size_t i = 0; i < THREAD_MAX; i++) {
		struct thread *t = &proc_threads[i];

		if (t->state != THREAD_FREE)
			continue;
		if (!quota_has_room(&p->quota, QUOTA_THREADS, 1))
			return ERR_NOMEM;
		quota_charge(&p->quota, QUOTA_THREADS, 1);
		*t = (struct thread){.proc = p, .state = THREAD_NEW, .priority = priority};
		t->tf.sepc = pc;
		t->tf.regs[TRAP_REG_SP] = sp;
		p->threads++;
		*ret_thread = t;
		return 0;
	}
	return ERR_NOMEM;
}

static void proc_free_owned(uint64_t va, pte_t leaf, void *ctx)
{
	struct process *p = ctx;

	(void)va;
	if ((leaf & PTE_OWNED) == 0)
		return;
	quota_credit(&p->quota, QUOTA_PAGES, 1);
	kmem_frame_free(pte_pa(leaf));
}

/*
 * The process has ended and no hart runs it: give back its memory. No TLB
 * shootdown is needed: the last hart to run one of its threads switched to
 * the kernel's tables, flushing its TLB, before the thread was freed.
 */
static void proc_free_memory(struct process *p)
{
	for (size_t i = 0; i < PROC_MAPPINGS_MAX; i++) {
		if (p->maps[i].vmo != NULL)
			vmo_unref(p->maps[i].vmo);
		p->maps[i].vmo = NULL;
	}
	struct vm_table_source tables = proc_tables(p);

	vm_for_each_leaf_in(p->root, PROC_ROOT_FIRST, PROC_ROOT_LAST, proc_free_owned, p);
	vm_free_tables(p->root, PROC_ROOT_FIRST, PROC_ROOT_LAST, &tables);
	quota_credit(&p->quota, QUOTA_PAGES, 1);
	kmem_frame_free(phys_of(p->root));
	p->root = NULL;
	p->satp = 0;
}

/* The slot goes once nothing names it; its quota goes back to its spawner. */
static void proc_maybe_release(struct process *p)
{
	struct process *account = p->account;

	if (p->refs != 0 || p->threads != 0)
		return;
	if (p->root != NULL)
		proc_free_memory(p);
	if (!quota_is_unused(&p->quota))
		PANIC("process '%s' goes with something still charged to it", p->name);
	if (account != NULL)
		quota_take_back(&account->quota, &p->quota);
	p->used = false;
	if (account != NULL)
		proc_unref(account);
}

void proc_ref(struct process *p)
{
	p->refs++;
}

void proc_unref(struct process *p)
{
	if (p->refs == 0)
		PANIC("process '%s' has no reference to drop", p->name);
	p->refs--;
	proc_maybe_release(p);
}

void proc_hart_detach(struct hart_ctx *hart)
{
	hart->thread = NULL;
	kvm_enable_hart();
}

void proc_flush_tlb(const struct process *p, uint64_t va, uint64_t size)
{
	size_t self = hart_self()->slot;
	unsigned long others = 0;

	/* Every slot: one whose hart never started runs nothing. */
	for (size_t i = 0; i < smp_hart_count(); i++) {
		const struct thread *t = hart_of(i)->thread;

		if (t == NULL || t->proc != p)
			continue;
		if (i == self)
			riscv_sfence_vma_all();
		else
			others |= 1UL << i;
	}
	if (others == 0)
		return;
	/* The cleared entries must be visible to the other harts' page walks first. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	smp_fence_remote(others, va, size);
}

void proc_thread_free(struct thread *t)
{
	struct process *p = t->proc;

	uint32_t refs = t->refs;

	wait_cancel(t);
	if (t->reply_to != NULL)
		wait_wake(t->reply_to, ERR_PEERDEAD); /* nothing waits forever on a dead server */
	*t = (struct thread){.state = refs != 0 ? THREAD_DEAD : THREAD_FREE, .refs = refs};
	if (refs != 0) {
		t->charged = p; /* the slot stays charged until its last handle goes */
		proc_ref(p);
	} else {
		quota_credit(&p->quota, QUOTA_THREADS, 1);
	}
	p->threads--;
	/*
	 * Freeing the memory drops the references of the VMOs mapped there, and one
	 * of them may be p's last (a VMO charged to p): hold one of ours across it, so
	 * p is released once, after its memory, by the unref below.
	 */
	proc_ref(p);
	if (p->threads == 0 && p->exited && p->root != NULL)
		proc_free_memory(p);
	proc_unref(p);
}

/* Stop thread `t` of an ending process, wherever it is. */
static void proc_stop_thread(struct hart_ctx *hart, struct thread *t)
{
	if (t->state == THREAD_RUNNING && hart->thread != t) {
		t->doomed = true; /* its hart frees it on its next kernel entry */
		return;
	}
	if (t->state == THREAD_READY)
		sched_remove(t);
	if (hart->thread == t)
		proc_hart_detach(hart);
	proc_thread_free(t);
}

/* Wake every thread waiting for `p`, answering `status`. */
static void proc_wake_waiters(struct process *p)
{
	for (size_t i = 0; i < THREAD_MAX; i++) {
		struct thread *t = &proc_threads[i];

		if (t->state != THREAD_BLOCKED || t->wait != WAIT_PROCESS || t->wait_obj != p)
			continue;
		wait_wake(t, p->exit_status);
	}
}

void proc_exit(struct hart_ctx *hart, struct process *p, uint32_t status)
{
	if (p->exited)
		return;
	proc_ref(p); /* keep the slot while its handles close */
	p->exited = true;
	p->exit_status = status;
	handle_table_close_all(&p->handles);
	for (size_t i = 0; i < THREAD_MAX; i++) {
		if (proc_threads[i].state != THREAD_FREE && proc_threads[i].proc == p)
			proc_stop_thread(hart, &proc_threads[i]);
	}
	proc_wake_waiters(p);
	if (p == proc_init)
		image_init_ended(status);
	proc_unref(p);
}

void proc_fault(struct hart_ctx *hart, struct thread *t, uint64_t scause, uint64_t sepc,
		uint64_t stval)
{
	kprintf("process '%s' killed: %s pc=0x%lx tval=0x%lx\n", t->proc->name,
		trap_cause_name(scause), (unsigned long)sepc, (unsigned long)stval);
	proc_exit(hart, t->proc, CAIRN_EXIT_FAULT | (uint32_t)(scause & 63));
}

void proc_thread_exit(struct hart_ctx *hart, struct thread *t)
{
	struct process *p = t->proc;

	if (p->threads == 1) {
		proc_exit(hart, p, 0);
		return;
	}
	if (hart->thread == t)
		proc_hart_detach(hart);
	proc_thread_free(t);
}

void proc_thread_ref(struct thread *t)
{
	t->refs++;
}

void proc_thread_unref(struct thread *t)
{
	if (t->refs == 0)
		PANIC("thread %p has no reference to drop", (void *)t);
	if (--t->refs != 0 || t->state != THREAD_DEAD)
		return;
	struct process *charged = t->charged;

	*t = (struct thread){.state = THREAD_FREE};
	quota_credit(&charged->quota, QUOTA_THREADS, 1);
	proc_unref(charged);
}

void proc_thread_set_priority(struct thread *t, uint32_t priority)
{
	bool queued = t->state == THREAD_READY;

	if (queued)
		sched_remove(t);
	t->priority = priority;
	if (queued)
		sched_make_ready(t);
}

void proc_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx)
{
	for (size_t i = 0; i < THREAD_MAX; i++) {
		if (proc_threads[i].state != THREAD_FREE && proc_threads[i].state != THREAD_DEAD)
			fn(&proc_threads[i], ctx);
	}
}

bool proc_is_init(const struct process *p)
{
	return p == proc_init;
}

void proc_set_init(struct process *p)
{
	proc_init = p;
}
