/*
 * Every system call's decode step on the host (TASK-0033): the kernel's own
 * sys_dispatch and handlers over its real processes, threads, handle tables,
 * endpoints, notifications, VMOs, page tables, scheduler, waits, boot-image
 * reader and loader, built for the host with the CSR model
 * (kernel/tests/host/cairn/riscv.h), the host frame pool, the boot image of
 * the spawn tests, and the stand-ins of host_kernel.c.
 *
 * A process with one running thread holds a handle of every kind the tests
 * can make, and a read-write and a read-only page. Each row of `refused`
 * is a call that decode must refuse: the test checks the error it answers
 * and that nothing else changed: the handle table byte for byte, the quota,
 * mappings, references, every register but a0 and the wait state of the
 * thread, the frames in use, both user pages, the endpoint and the
 * notification, the run queues and the console. Every call number is
 * either in the table or in `unrefusable` with the reason, and the test
 * fails if one is neither. A control shows that a call that succeeds does
 * change what the comparison looks at.
 */
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/clock.h"
#include "cairn/device.h"
#include "cairn/ipc.h"
#include "cairn/phys.h"
#include "cairn/riscv.h"
#include "cairn/sched.h"
#include "cairn/sys.h"
#include "cairn/uaccess.h"
#include "cairn/vm.h"
#include "check_main.h"
#include "host_frames.h"
#include "host_kernel.h"

#define HZ	  10000000u
#define RW_VA	  (CAIRN_USER_BASE + 0x10000u)
#define RO_VA	  (CAIRN_USER_BASE + 0x20000u)
#define FREE_VA	  (CAIRN_USER_BASE + 0x400000u) /* page-aligned, nothing mapped */
#define KERNEL_VA 0xffffffc080200000ull
#define CEILING	  5u /* the process's priority ceiling */
#define DMA_BOUND ((uint64_t)DEVICE_DMA_PAGES_MAX * CAIRN_PAGE_SIZE) /* a device's DMA bytes */

/*
 * Argument tokens, resolved when a row runs (a token plus an offset below
 * 4 GiB: TOKEN(T_RW) + 4 is 4 bytes into the read-write page); any other
 * value is passed as it is.
 */
#define TOKEN(n)    (0xc0de000000000000ull | ((uint64_t)(n) << 32))
#define IS_TOKEN(v) (((v)&0xffff000000000000ull) == 0xc0de000000000000ull)
enum token {
	T_PROC,	   /* the process's handle to itself: every right */
	T_NARROW,  /* a handle to it with RIGHT_DUP only */
	T_STALE,   /* a handle that was closed */
	T_WIDE,	   /* T_PROC's value with bit 32 set: names no handle */
	T_EP,	   /* an endpoint, every right */
	T_BADGED,  /* a badged handle minted from it */
	T_NOTE,	   /* a notification */
	T_VMO,	   /* a one-page VMO */
	T_THREAD,  /* a second thread of the process */
	T_CONSOLE, /* the console: RIGHT_WRITE */
	T_BOOT,	   /* the boot image: RIGHT_READ | RIGHT_SPAWN */
	T_MMIO,	   /* a device's region: RIGHT_MAP | READ | WRITE | DMA */
	T_MMIO_RO, /* the same region with RIGHT_MAP | RIGHT_READ: no DMA */
	T_DMA,	   /* a one-page DMA VMO of that device */
	T_IRQ,	   /* the device's interrupt: RIGHT_MANAGE; never fired */
	T_HANDLES, /* the last handle token */
	T_RW = T_HANDLES,
	T_RO,
	T_TOKENS,
};

static struct process *proc;
static struct thread *self;
static cairn_handle_t handles[T_HANDLES];

static uint64_t resolve(uint64_t v)
{
	if (!IS_TOKEN(v))
		return v;
	uint64_t n = (v >> 32) & 0xffff;
	uint64_t offset = v & 0xffffffffu;

	ck_assert_uint_lt(n, T_TOKENS);
	if (n == T_WIDE)
		return ((1ULL << 32) | handles[T_PROC]) + offset;
	if (n < T_HANDLES)
		return handles[n] + offset;
	return (n == T_RW ? RW_VA : RO_VA) + offset;
}

/* Put call `num` in the thread's registers, as its ecall would. */
static void load(uint64_t num, const uint64_t args[6])
{
	uint64_t *r = self->tf.regs;

	for (int i = 0; i < 6; i++)
		r[TRAP_REG_A0 + i] = resolve(args[i]);
	r[TRAP_REG_A7] = num;
}

/* Run the loaded call as trap.c would past the fast path; its a0. */
static int64_t run(void)
{
	sys_dispatch(hart_self(), self);
	return (int64_t)self->tf.regs[TRAP_REG_A0];
}

static int64_t call(uint64_t num, const uint64_t args[6])
{
	load(num, args);
	return run();
}

static cairn_handle_t made(uint64_t num, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	int64_t h = call(num, (const uint64_t[6]){a0, a1, a2, a3, 0, 0});

	ck_assert_int_gt(h, 0);
	return (cairn_handle_t)h;
}

static void setup(void)
{
	struct quota limits = {.limit = {[QUOTA_PROCESSES] = 2,
					 [QUOTA_THREADS] = 4,
					 [QUOTA_ENDPOINTS] = 2,
					 [QUOTA_NOTIFICATIONS] = 2,
					 [QUOTA_VMOS] = 3,
					 [QUOTA_PAGES] = 64}};
	struct thread *second;

	host_frames_reset(HOST_FRAMES_MAX);
	host_csr = (struct host_csrs){.time = 1000};
	clock_init(HZ, 1000);
	ck_assert_int_eq(proc_create("tester", 6, &limits, NULL, &proc), 0);
	proc->priority_max = CEILING;
	ck_assert_int_eq(proc_thread_create(proc, CAIRN_USER_BASE, CAIRN_USER_END, 4, &self), 0);
	self->state = THREAD_RUNNING;
	hart_self()->thread = self;
	ck_assert_int_eq(proc_map_anon(proc, RW_VA, VM_PROT_READ | VM_PROT_WRITE), 0);
	ck_assert_int_eq(proc_map_anon(proc, RO_VA, VM_PROT_READ), 0);

	proc_ref(proc);
	handles[T_PROC] = handle_install(&proc->handles, KIND_PROCESS, RIGHTS_ALL, proc);
	handles[T_CONSOLE] = handle_install(&proc->handles, KIND_CONSOLE, RIGHT_WRITE, NULL);
	handles[T_BOOT] =
		handle_install(&proc->handles, KIND_BOOTIMAGE, RIGHT_READ | RIGHT_SPAWN, NULL);
	handles[T_NARROW] = made(SYS_handle_dup, TOKEN(T_PROC), RIGHT_DUP, 0, 0);
	handles[T_STALE] = made(SYS_handle_dup, TOKEN(T_PROC), RIGHT_DUP, 0, 0);
	ck_assert_int_eq(call(SYS_handle_close, (const uint64_t[6]){TOKEN(T_STALE)}), 0);
	handles[T_EP] = made(SYS_endpoint_create, TOKEN(T_PROC), 0, 0, 0);
	handles[T_BADGED] = made(SYS_endpoint_mint, TOKEN(T_EP), 0x77, RIGHT_SEND | RIGHT_MINT, 0);
	handles[T_NOTE] = made(SYS_notification_create, TOKEN(T_PROC), 0, 0, 0);
	handles[T_VMO] = made(SYS_vmo_create, TOKEN(T_PROC), CAIRN_PAGE_SIZE, 0, 0);
	if (device_count() == 0) /* a device as the device tree would list it */
		ck_assert_int_eq(
			device_add(&(struct dtb_device){.base = 0x10001000,
							.size = 0x200,
							.device_class = CAIRN_DEVICE_VIRTIO_MMIO,
							.irq = 1},
				   &(struct dtb_info){.mem_count = 0}, 2),
			0);
	handles[T_MMIO] =
		handle_install(&proc->handles, KIND_MMIO,
			       RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DMA, device_at(0));
	handles[T_MMIO_RO] =
		handle_install(&proc->handles, KIND_MMIO, RIGHT_MAP | RIGHT_READ, device_at(0));
	handles[T_IRQ] =
		handle_install(&proc->handles, KIND_INTERRUPT, RIGHT_MANAGE, &device_at(0)->irq);
	handles[T_DMA] = made(SYS_dma_create, TOKEN(T_PROC), CAIRN_PAGE_SIZE, TOKEN(T_MMIO), 0);
	handles[T_THREAD] =
		made(SYS_thread_create, TOKEN(T_PROC), CAIRN_USER_BASE, CAIRN_USER_END - 64, 0);
	second = handle_entry_of(&proc->handles, handles[T_THREAD])->obj;
	ck_assert_int_eq(second->state, THREAD_READY);
	host_console.writes = 0;
}

/*
 * Everything a refused call must leave as it was, as bytes (memcpy keeps
 * padding as it is, so equal objects compare equal).
 */
struct snapshot {
	uint8_t handles[sizeof(struct handle_table)];
	uint8_t quota[sizeof(struct quota)];
	uint8_t maps[sizeof(struct proc_mapping) * PROC_MAPPINGS_MAX];
	uint8_t thread[sizeof(struct thread)]; /* a0 cleared: it holds the answer */
	uint8_t ep[sizeof(struct endpoint)];
	uint8_t note[sizeof(struct notification)];
	uint64_t counts[6]; /* refs, threads, exited, frames, ready levels, console writes */
	uint8_t rw[CAIRN_PAGE_SIZE];
	uint8_t ro[CAIRN_PAGE_SIZE];
};

static void *object(enum token t)
{
	return handle_entry_of(&proc->handles, handles[t])->obj;
}

static void snapshot_take(struct snapshot *s)
{
	struct thread t = *self;

	memset(&t.tf.regs[TRAP_REG_A0], 0, sizeof(t.tf.regs[0]));
	memcpy(s->handles, &proc->handles, sizeof(s->handles));
	memcpy(s->quota, &proc->quota, sizeof(s->quota));
	memcpy(s->maps, proc->maps, sizeof(s->maps));
	memcpy(s->thread, self, sizeof(s->thread));
	memcpy(s->thread + offsetof(struct thread, tf), &t.tf, sizeof(t.tf));
	memcpy(s->ep, object(T_EP), sizeof(s->ep));
	memcpy(s->note, object(T_NOTE), sizeof(s->note));
	s->counts[0] = proc->refs;
	s->counts[1] = proc->threads;
	s->counts[2] = proc->exited;
	s->counts[3] = host_frames_live();
	s->counts[4] = sched_core.ready_levels;
	s->counts[5] = host_console.writes;
	ck_assert_int_eq(copy_from_space(proc->root, s->rw, RW_VA, CAIRN_PAGE_SIZE), 0);
	ck_assert_int_eq(copy_from_space(proc->root, s->ro, RO_VA, CAIRN_PAGE_SIZE), 0);
}

/* The first part of the world that differs, or NULL. */
static const char *snapshot_diff(const struct snapshot *a, const struct snapshot *b)
{
#define PART(field)                                                                                \
	do {                                                                                       \
		if (memcmp(a->field, b->field, sizeof(a->field)) != 0)                             \
			return #field;                                                             \
	} while (0)
	PART(handles);
	PART(quota);
	PART(maps);
	PART(thread);
	PART(ep);
	PART(note);
	PART(counts);
	PART(rw);
	PART(ro);
	return NULL;
#undef PART
}

struct refusal {
	uint64_t num;
	uint64_t args[6];
	int64_t want;
};

#define ANY_INFO 1u /* tag 1, no data, no handles */
#define FOREVER	 CAIRN_WAIT_FOREVER
#define P	 TOKEN(T_PROC)
#define RW	 TOKEN(T_RW)
#define RO	 TOKEN(T_RO)

/* Calls decode must refuse, with the error each gets. */
static const struct refusal refused[] = {
	{SYS_handle_close, {TOKEN(T_STALE)}, ERR_BADHANDLE},
	{SYS_handle_close, {TOKEN(T_WIDE)}, ERR_BADHANDLE},
	{SYS_handle_close, {0}, ERR_BADHANDLE},
	{SYS_handle_dup, {P, 1ULL << 32}, ERR_INVAL},
	{SYS_handle_dup, {TOKEN(T_STALE), RIGHT_DUP}, ERR_BADHANDLE},
	{SYS_handle_dup, {TOKEN(T_NARROW), RIGHT_DUP | RIGHT_KILL}, ERR_DENIED},
	{SYS_handle_dup, {TOKEN(T_CONSOLE), RIGHT_WRITE}, ERR_DENIED},
	{SYS_handle_query, {TOKEN(T_STALE), RW}, ERR_BADHANDLE},
	{SYS_handle_query, {P, RW + 4}, ERR_ALIGN},
	{SYS_handle_query, {P, RO}, ERR_BADADDR},
	{SYS_handle_query, {P, FREE_VA}, ERR_BADADDR},
	{SYS_handle_query, {P, KERNEL_VA}, ERR_BADADDR},
	{SYS_handle_query, {P, RW + CAIRN_PAGE_SIZE - 8}, ERR_BADADDR},
	{SYS_debug_write, {P, RW, 4}, ERR_WRONGTYPE},
	{SYS_debug_write, {TOKEN(T_CONSOLE), RW, CAIRN_DEBUG_WRITE_MAX + 1}, ERR_RANGE},
	{SYS_debug_write, {TOKEN(T_CONSOLE), FREE_VA, 4}, ERR_BADADDR},
	{SYS_debug_write, {TOKEN(T_CONSOLE), RW + CAIRN_PAGE_SIZE - 2, 4}, ERR_BADADDR},
	{SYS_vmo_create, {TOKEN(T_EP), CAIRN_PAGE_SIZE}, ERR_WRONGTYPE},
	{SYS_vmo_create, {TOKEN(T_NARROW), CAIRN_PAGE_SIZE}, ERR_DENIED},
	{SYS_vmo_create, {P, 0}, ERR_RANGE},
	{SYS_vmo_create, {P, CAIRN_VMO_SIZE_MAX + 1}, ERR_RANGE},
	{SYS_vmo_create, {P, CAIRN_VMO_SIZE_MAX}, ERR_NOMEM}, /* beyond the quota's 64 pages */
	{SYS_vmo_map, {P, TOKEN(T_VMO), RW, CAIRN_PROT_READ}, ERR_EXISTS},
	{SYS_vmo_map, {P, TOKEN(T_VMO), FREE_VA + 8, CAIRN_PROT_READ}, ERR_ALIGN},
	{SYS_vmo_map, {P, TOKEN(T_VMO), 0x1000, CAIRN_PROT_READ}, ERR_RANGE},
	{SYS_vmo_map, {P, TOKEN(T_VMO), CAIRN_USER_END, CAIRN_PROT_READ}, ERR_RANGE},
	{SYS_vmo_map,
	 {P, TOKEN(T_VMO), FREE_VA, CAIRN_PROT_READ | CAIRN_PROT_WRITE | CAIRN_PROT_EXEC},
	 ERR_WX},
	{SYS_vmo_map, {P, TOKEN(T_VMO), FREE_VA, 0}, ERR_INVAL},
	{SYS_vmo_map, {P, TOKEN(T_VMO), FREE_VA, CAIRN_PROT_WRITE}, ERR_INVAL},
	{SYS_vmo_map, {P, TOKEN(T_VMO), FREE_VA, 1u << 7}, ERR_INVAL},
	{SYS_vmo_map, {P, TOKEN(T_EP), FREE_VA, CAIRN_PROT_READ}, ERR_WRONGTYPE},
	{SYS_vmo_map, {TOKEN(T_NARROW), TOKEN(T_VMO), FREE_VA, CAIRN_PROT_READ}, ERR_DENIED},
	{SYS_vmo_unmap, {P, FREE_VA + 8}, ERR_ALIGN},
	{SYS_vmo_unmap, {P, FREE_VA}, ERR_NOTFOUND},
	{SYS_vmo_unmap, {P, RW}, ERR_NOTFOUND}, /* mapped, but not a VMO mapping */
	{SYS_vmo_unmap, {TOKEN(T_EP), FREE_VA}, ERR_WRONGTYPE},
	{SYS_process_spawn, {P, RW}, ERR_WRONGTYPE},
	{SYS_process_spawn, {TOKEN(T_BOOT), FREE_VA}, ERR_BADADDR},
	{SYS_process_spawn, {TOKEN(T_BOOT), RW}, ERR_INVAL}, /* zeroed arguments: no name */
	{SYS_process_wait, {TOKEN(T_EP), 0}, ERR_WRONGTYPE},
	{SYS_process_wait, {TOKEN(T_NARROW), 0}, ERR_DENIED},
	{SYS_process_wait, {P, 0}, ERR_TIMEOUT}, /* running: a poll answers at once */
	{SYS_process_kill, {TOKEN(T_STALE)}, ERR_BADHANDLE},
	{SYS_process_kill, {TOKEN(T_NARROW)}, ERR_DENIED},
	{SYS_process_kill, {TOKEN(T_EP)}, ERR_WRONGTYPE},
	{SYS_thread_create, {P, CAIRN_USER_BASE, CAIRN_USER_END - 8, 0}, ERR_ALIGN},
	{SYS_thread_create, {P, 0x1000, CAIRN_USER_END, 0}, ERR_RANGE},
	{SYS_thread_create, {P, CAIRN_USER_END, CAIRN_USER_END, 0}, ERR_RANGE},
	{SYS_thread_create, {P, CAIRN_USER_BASE, CAIRN_USER_END + 16, 0}, ERR_RANGE},
	{SYS_thread_create, {TOKEN(T_EP), CAIRN_USER_BASE, CAIRN_USER_END, 0}, ERR_WRONGTYPE},
	{SYS_thread_create, {TOKEN(T_NARROW), CAIRN_USER_BASE, CAIRN_USER_END, 0}, ERR_DENIED},
	{SYS_thread_set_priority, {TOKEN(T_THREAD), CAIRN_PRIORITY_MAX + 1}, ERR_RANGE},
	{SYS_thread_set_priority, {TOKEN(T_THREAD), CEILING + 1}, ERR_DENIED},
	{SYS_thread_set_priority, {P, 1}, ERR_WRONGTYPE},
	{SYS_endpoint_create, {TOKEN(T_EP)}, ERR_WRONGTYPE},
	{SYS_endpoint_create, {TOKEN(T_NARROW)}, ERR_DENIED},
	{SYS_endpoint_mint, {TOKEN(T_EP), 0, RIGHT_SEND}, ERR_INVAL},
	{SYS_endpoint_mint, {TOKEN(T_EP), 5, 1u << 20}, ERR_INVAL},
	{SYS_endpoint_mint, {TOKEN(T_BADGED), 5, RIGHT_SEND}, ERR_BUSY},
	{SYS_endpoint_mint, {TOKEN(T_NOTE), 5, RIGHT_SEND}, ERR_WRONGTYPE},
	{SYS_ipc_call, {TOKEN(T_NOTE), ANY_INFO, 0, 0, 0, FOREVER}, ERR_WRONGTYPE},
	{SYS_ipc_call, {TOKEN(T_EP), CAIRN_IPC_INFO_VALID + 1, 0, 0, 0, FOREVER}, ERR_INVAL},
	{SYS_ipc_call, {TOKEN(T_EP), ANY_INFO, 0, 0, 0, 0}, ERR_TIMEOUT}, /* nobody receives */
	{SYS_ipc_recv, {TOKEN(T_VMO), 0, 0, 0, 0, FOREVER}, ERR_WRONGTYPE},
	{SYS_ipc_recv, {TOKEN(T_BADGED), 0, 0, 0, 0, FOREVER}, ERR_DENIED},
	{SYS_ipc_recv, {TOKEN(T_EP), 0, 0, 0, 0, 0}, ERR_TIMEOUT}, /* nobody calls */
	{SYS_ipc_reply, {0}, ERR_NOTFOUND},
	{SYS_ipc_reply_recv, {TOKEN(T_NOTE), 0, 0, 0, 0, FOREVER}, ERR_WRONGTYPE},
	{SYS_ipc_buffer_set, {RW + 8}, ERR_ALIGN},
	{SYS_ipc_buffer_set, {FREE_VA}, ERR_BADADDR},
	{SYS_ipc_buffer_set, {RO}, ERR_BADADDR},
	{SYS_notification_create, {TOKEN(T_EP)}, ERR_WRONGTYPE},
	{SYS_notification_signal, {TOKEN(T_NOTE), 0}, ERR_INVAL},
	{SYS_notification_signal, {TOKEN(T_NOTE), 1ULL << 32}, ERR_INVAL},
	{SYS_notification_signal, {TOKEN(T_EP), 1}, ERR_WRONGTYPE},
	{SYS_notification_wait, {TOKEN(T_NOTE), 0}, ERR_TIMEOUT},
	{SYS_notification_wait, {TOKEN(T_EP), 0}, ERR_WRONGTYPE},
	{SYS_mmio_map, {P, TOKEN(T_VMO), FREE_VA}, ERR_WRONGTYPE},
	{SYS_mmio_map, {TOKEN(T_VMO), TOKEN(T_VMO), FREE_VA}, ERR_WRONGTYPE},
	{SYS_irq_bind, {TOKEN(T_NOTE), TOKEN(T_NOTE), 0}, ERR_WRONGTYPE},
	{SYS_irq_ack, {TOKEN(T_EP)}, ERR_WRONGTYPE},
	{SYS_irq_ack, {TOKEN(T_IRQ)}, ERR_INVAL}, /* never fired: nothing to acknowledge */
	{SYS_device_info, {TOKEN(T_STALE), RW}, ERR_BADHANDLE},
	{SYS_device_info, {TOKEN(T_VMO), RW}, ERR_WRONGTYPE},
	{SYS_device_info, {TOKEN(T_MMIO), RW + 4}, ERR_ALIGN},
	{SYS_device_info, {TOKEN(T_MMIO), RO}, ERR_BADADDR},
	{SYS_device_info, {TOKEN(T_MMIO), KERNEL_VA}, ERR_BADADDR},
	{SYS_dma_create, {TOKEN(T_EP), CAIRN_PAGE_SIZE, TOKEN(T_MMIO)}, ERR_WRONGTYPE},
	{SYS_dma_create, {P, CAIRN_PAGE_SIZE, TOKEN(T_VMO)}, ERR_WRONGTYPE},
	{SYS_dma_create, {TOKEN(T_NARROW), CAIRN_PAGE_SIZE, TOKEN(T_MMIO)}, ERR_DENIED},
	{SYS_dma_create, {P, CAIRN_PAGE_SIZE, TOKEN(T_MMIO_RO)}, ERR_DENIED},
	{SYS_dma_create, {P, 0, TOKEN(T_MMIO)}, ERR_RANGE},
	{SYS_dma_create, {P, DMA_BOUND + 1, TOKEN(T_MMIO)}, ERR_RANGE},
	{SYS_dma_create,
	 {P, DMA_BOUND, TOKEN(T_MMIO)},
	 ERR_NOMEM}, /* beyond the quota's 64 pages, and the device's bound with the page it lent */
	{SYS_vmo_phys, {TOKEN(T_EP), 0}, ERR_WRONGTYPE},
	{SYS_vmo_phys, {TOKEN(T_VMO), 0}, ERR_DENIED}, /* memory of its own: no DMA right */
	{SYS_vmo_phys, {TOKEN(T_DMA), 1}, ERR_RANGE},
	{SYS_vmo_phys, {TOKEN(T_DMA), 1ULL << 32}, ERR_RANGE},
	{SYS_bootimage_read, {P, RW}, ERR_WRONGTYPE},
	{SYS_bootimage_read, {TOKEN(T_BOOT), FREE_VA}, ERR_BADADDR},
	{SYS_bootimage_read, {TOKEN(T_BOOT), RW}, ERR_INVAL}, /* zeroed arguments: no name */
	{SYS_clock_read, {RW + 4}, ERR_ALIGN},
	{SYS_clock_read, {RO}, ERR_BADADDR},
	{SYS_clock_read, {KERNEL_VA}, ERR_BADADDR},
	{SYS_COUNT, {0}, ERR_BADSYS},
	{UINT64_MAX, {0}, ERR_BADSYS},
};
#define REFUSED (sizeof(refused) / sizeof(refused[0]))

/* Calls with nothing to refuse: every argument is accepted. */
static const uint64_t unrefusable[] = {
	SYS_null,	  /* takes none */
	SYS_process_exit, /* any status: the low bits are kept */
	SYS_thread_exit,  /* takes none */
	SYS_thread_yield, /* takes none */
};

START_TEST(test_a_refused_call_changes_nothing)
{
	const struct refusal *r = &refused[_i];
	struct snapshot before;
	struct snapshot after;

	load(r->num, r->args);
	snapshot_take(&before);
	int64_t got = run();

	ck_assert_msg(got == r->want, "row %d (call %lu): answered %ld, not %ld", _i,
		      (unsigned long)r->num, (long)got, (long)r->want);
	snapshot_take(&after);
	const char *diff = snapshot_diff(&before, &after);

	ck_assert_msg(diff == NULL, "row %d (call %lu): changed %s", _i, (unsigned long)r->num,
		      diff);
}
END_TEST

START_TEST(test_every_call_is_covered)
{
	for (uint64_t num = 0; num < SYS_COUNT; num++) {
		bool covered = false;

		for (size_t i = 0; i < REFUSED && !covered; i++)
			covered = refused[i].num == num;
		for (size_t i = 0; i < sizeof(unrefusable) / sizeof(unrefusable[0]) && !covered;
		     i++)
			covered = unrefusable[i] == num;
		ck_assert_msg(covered, "call %lu has no refusal row and is not unrefusable",
			      (unsigned long)num);
	}
}
END_TEST

/* The comparison sees what an accepted call changes: it is not blind. */
START_TEST(test_accepted_calls_are_seen)
{
	static const struct refusal accepted[] = {
		{SYS_handle_dup, {P, RIGHT_DUP}, 0},
		{SYS_handle_query, {P, RW}, 0},
		{SYS_ipc_buffer_set, {RW}, 0},
		{SYS_debug_write, {TOKEN(T_CONSOLE), RW, 4}, 4},
		{SYS_notification_signal, {TOKEN(T_NOTE), 3}, 0},
		{SYS_thread_set_priority, {TOKEN(T_THREAD), 2}, 0},
		{SYS_vmo_map, {P, TOKEN(T_VMO), FREE_VA, CAIRN_PROT_READ}, 0},
		{SYS_ipc_recv, {TOKEN(T_EP), 0, 0, 0, 0, FOREVER}, 0},
	};
	const struct refusal *r = &accepted[_i];
	struct snapshot before;
	struct snapshot after;

	ck_assert_uint_lt((size_t)_i, sizeof(accepted) / sizeof(accepted[0]));
	load(r->num, r->args);
	snapshot_take(&before);
	int64_t got = run();

	if (r->num == SYS_handle_dup)
		ck_assert_int_gt(got, 0);
	else if (r->num != SYS_ipc_recv)
		ck_assert_int_eq(got, r->want);
	snapshot_take(&after);
	ck_assert_ptr_nonnull(snapshot_diff(&before, &after));
}
END_TEST

/* device_info tells what the device tree said, the region rounded to a page (RFC-0018). */
START_TEST(test_device_info_describes_the_region)
{
	struct cairn_device_info info = {0};

	ck_assert_int_eq(call(SYS_device_info, (const uint64_t[6]){TOKEN(T_MMIO_RO), RW}), 0);
	ck_assert_int_eq(copy_from_space(proc->root, &info, RW_VA, sizeof(info)), 0);
	ck_assert_uint_eq(info.device_class, CAIRN_DEVICE_VIRTIO_MMIO);
	ck_assert_uint_eq(info.base, 0x10001000);
	ck_assert_uint_eq(info.size, CAIRN_PAGE_SIZE);
	ck_assert_uint_eq(info.irq, 1);
	ck_assert_uint_eq(info.virtio_id, 2);
}
END_TEST

/*
 * A DMA VMO's frame goes back to its device, not to the allocator, when the
 * VMO goes, and comes back zeroed to the device's next DMA VMO (RFC-0018).
 */
START_TEST(test_dma_frames_stay_with_their_device)
{
	int64_t pa = call(SYS_vmo_phys, (const uint64_t[6]){TOKEN(T_DMA), 0});
	uint64_t live;

	ck_assert_int_gt(pa, 0);
	memset(phys_to_ptr((uint64_t)pa), 0xa5, CAIRN_PAGE_SIZE);
	live = host_frames_live();
	ck_assert_int_eq(call(SYS_handle_close, (const uint64_t[6]){TOKEN(T_DMA)}), 0);
	ck_assert_uint_eq(device_at(0)->dma_pooled, 1);
	ck_assert_uint_eq(device_at(0)->dma_live, 0);
	ck_assert_uint_eq(host_frames_live(), live - 1); /* only its page list went back */

	int64_t h = call(SYS_dma_create, (const uint64_t[6]){P, CAIRN_PAGE_SIZE, TOKEN(T_MMIO)});
	const uint8_t *page = phys_to_ptr((uint64_t)pa);

	ck_assert_int_gt(h, 0);
	ck_assert_int_eq(call(SYS_vmo_phys, (const uint64_t[6]){(uint64_t)h, 0}), pa);
	for (size_t i = 0; i < CAIRN_PAGE_SIZE; i++)
		ck_assert_uint_eq(page[i], 0);
	ck_assert_uint_eq(device_at(0)->dma_pooled, 0);
}
END_TEST

/* A device the kernel cannot hand out safely is refused before a register is read. */
START_TEST(test_device_check_refusals)
{
	struct dtb_info dt = {.mem_count = 1, .mem = {{.base = 0x80000000, .size = 0x8000000}}};
	struct dtb_device d = {.base = 0x10002000, .size = 0x200};

	ck_assert_int_eq(device_check(&d, &dt), 0);
	d.base = 0x10002100; /* a page could hold two devices */
	ck_assert_int_eq(device_check(&d, &dt), ERR_ALIGN);
	d = (struct dtb_device){.base = 0x10002000, .size = 0};
	ck_assert_int_eq(device_check(&d, &dt), ERR_RANGE);
	d.size = DEVICE_MMIO_SIZE_MAX + 1;
	ck_assert_int_eq(device_check(&d, &dt), ERR_RANGE);
	d = (struct dtb_device){.base = DEVICE_PA_LIMIT - 0x1000, .size = 0x2000};
	ck_assert_int_eq(device_check(&d, &dt), ERR_RANGE);
	d = (struct dtb_device){.base = 0x87fff000, .size = 0x1000}; /* RAM */
	ck_assert_int_eq(device_check(&d, &dt), ERR_EXISTS);
	d = (struct dtb_device){.base = 0x0c100000, .size = 0x1000}; /* the kernel's PLIC */
	ck_assert_int_eq(device_check(&d, &dt), ERR_EXISTS);
	d = (struct dtb_device){.base = 0x00100000, .size = 0x100}; /* the finisher */
	ck_assert_int_eq(device_check(&d, &dt), ERR_EXISTS);
	/* virt's clock, the page after the finisher's */
	d = (struct dtb_device){.base = 0x00101000, .size = 0x1000};
	ck_assert_int_eq(device_check(&d, &dt), 0);
	d.base = 0x000ff000; /* a page before the finisher that reaches into it */
	d.size = 0x1001;
	ck_assert_int_eq(device_check(&d, &dt), ERR_EXISTS);
	d = (struct dtb_device){.base = 0x10000000, .size = 0x2000}; /* reaches device 0 */
	ck_assert_int_eq(device_check(&d, &dt), ERR_EXISTS);
	ck_assert_int_eq(device_add(&d, &dt, 0), ERR_EXISTS);
	ck_assert_uint_eq(device_count(), 1);
}
END_TEST

static Suite *syscalls_suite(void)
{
	Suite *s = suite_create("syscalls");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_a_refused_call_changes_nothing, 0, (int)REFUSED);
	tcase_add_test(tc, test_every_call_is_covered);
	tcase_add_loop_test(tc, test_accepted_calls_are_seen, 0, 8);
	tcase_add_test(tc, test_device_info_describes_the_region);
	tcase_add_test(tc, test_dma_frames_stay_with_their_device);
	tcase_add_test(tc, test_device_check_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(syscalls_suite()));
}
