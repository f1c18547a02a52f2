/*
 * bench: the IPC and system-call benchmark behind `just bench`. In the bench
 * boot image (services/bench/bench.mk) this program is `init`, so it runs
 * alone on a quiet system: it spawns benchecho in an address space of its
 * own, hands it the receive side of a fresh endpoint, and times
 *
 *   ipc_roundtrip  an empty cairn_ipc_call answered by the server's
 *                  cairn_ipc_reply_recv (loop, stubs, kernel, server loop);
 *   null_syscall   cairn_null, the cheapest way into the kernel and back;
 *   decode_fixed   decoding a typical request, policyd's DECIDE (a badge, an
 *                  action and a name), in the fixed layout its protocol uses:
 *                  the generated decoder and libpolicy's check of the action
 *                  against the name, which policyd makes;
 *   decode_varint  decoding the same request in a variable encoding
 *                  (bench_varint.h), with the same checks: ADR-0006's
 *                  comparison, kept so its figures can be measured again;
 *   boot_to_init   instructions from the hart's reset (firmware, kernel, its
 *                  self-tests, the loading of init) to init's first line;
 *   notify_wake    notification_signal to a more important thread that
 *                  waits: it wakes, runs, waits again, and the signaller
 *                  goes on;
 *   call_handle    a call that moves one handle to benchpeer, which moves
 *                  it back in its reply;
 *   vmo_map_unmap  mapping one page of a VMO and unmapping it;
 *   thread_cycle   thread_create, a yield that lets the new thread run and
 *                  end (thread_exit), and the handle closed;
 *   spawn          spawning benchnop, which ends at once, and waiting for it;
 *   copy_64k       64 KiB copied into a VMO shared with benchpeer, which
 *                  copies them out after a call: instructions per 64 KiB;
 *   yield_pair     thread_yield to a thread of the same priority that
 *                  yields straight back (two yields, two switches); last,
 *                  since that thread then shares every tick;
 *   timer_tick     one preemption tick as the interrupted thread sees it:
 *                  a loop reads instret back to back, and the one step that
 *                  took longer than the loop's own least step holds a tick
 *                  (the trap, the kernel, the firmware if it is called, and
 *                  the return); a sample is that step less the least one.
 *
 * Each case runs a warm-up, then `batches` timed batches of `per_batch`
 * operations; the cost of a batch is read from the instret counter, which
 * under QEMU's -icount shift=0 counts every instruction the hart retires
 * (user, kernel and firmware alike). It prints one line per case with the
 * median over the batches (bench_stats.h), which tools/bench.py reads and
 * compares with gates/bench.yaml. A failure prints one FAIL line and ends
 * the program with status 1, which fails the run.
 *
 * Initial handles (the kernel's, for init): [0] itself, all rights; [1] the
 * console, WRITE | DUP | TRANSFER; [2] the boot image, with SPAWN. The UART's
 * MMIO and interrupt handles that follow are not used.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "bench_peer.h"
#include "bench_stats.h"
#include "bench_varint.h"
#include "cairn/abi/ipc.h"
#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "policy.h"
#include "svc/policy.h"

#define BENCH_BATCHES_MAX 64u
#define BENCH_ECHO_TAG	  0x7ecu /* the sanity call's tag; the timed calls send 0 */

struct bench_ctx {
	cairn_handle_t self;
	cairn_handle_t console;
	cairn_handle_t image;
	cairn_handle_t ep;	/* every endpoint right; the server holds RECV only */
	cairn_handle_t server;	/* benchecho's process: KILL | WAIT */
	cairn_handle_t peer_ep; /* benchpeer's endpoint, every right */
	cairn_handle_t peer;	/* benchpeer's process: KILL | WAIT */
	cairn_handle_t notify;	/* the notify_wake case's notification */
	cairn_handle_t page;	/* a one-page VMO for vmo_map_unmap */
};

/* Runs n operations; 0, or the first error one of them returned. */
typedef long (*bench_batch_fn)(const struct bench_ctx *b, uint32_t n);

/* Measures one operation itself into *ret (a case that cannot be timed in batches); 0 or an error.
 */
typedef long (*bench_sample_fn)(const struct bench_ctx *b, uint64_t *ret);

struct bench_case {
	const char *name;
	bench_batch_fn batch;
	uint32_t warmup;	/* operations before timing starts */
	uint32_t batches;	/* timed batches, 1..BENCH_BATCHES_MAX; odd, for a true middle */
	uint32_t per_batch;	/* operations per batch */
	bench_sample_fn sample; /* when set: each batch is one sample it takes, batch unused */
};

static long bench_ipc_batch(const struct bench_ctx *b, uint32_t n);
static long bench_null_batch(const struct bench_ctx *b, uint32_t n);
static long bench_decode_fixed_batch(const struct bench_ctx *b, uint32_t n);
static long bench_decode_varint_batch(const struct bench_ctx *b, uint32_t n);
static long bench_tick_sample(const struct bench_ctx *b, uint64_t *ret);
static long bench_notify_batch(const struct bench_ctx *b, uint32_t n);
static long bench_call_handle_batch(const struct bench_ctx *b, uint32_t n);
static long bench_vmo_batch(const struct bench_ctx *b, uint32_t n);
static long bench_thread_batch(const struct bench_ctx *b, uint32_t n);
static long bench_spawn_batch(const struct bench_ctx *b, uint32_t n);
static long bench_copy_batch(const struct bench_ctx *b, uint32_t n);
static long bench_yield_batch(const struct bench_ctx *b, uint32_t n);
static long bench_boot_sample(const struct bench_ctx *b, uint64_t *ret);

/* The benchmark: >= 1000 timed operations per case (tools/bench.py reads these names). */
static const struct bench_case bench_cases[] = {
	{"ipc_roundtrip", bench_ipc_batch, 200, 21, 100, NULL},
	{"null_syscall", bench_null_batch, 1000, 21, 1000, NULL},
	{"decode_fixed", bench_decode_fixed_batch, 100, 21, 100, NULL},
	{"decode_varint", bench_decode_varint_batch, 100, 21, 100, NULL},
	{"timer_tick", NULL, 0, 5, 1, bench_tick_sample},
	{"boot_to_init", NULL, 0, 1, 1, bench_boot_sample},
	{"notify_wake", bench_notify_batch, 20, 21, 100, NULL},
	{"call_handle", bench_call_handle_batch, 20, 21, 100, NULL},
	{"vmo_map_unmap", bench_vmo_batch, 20, 21, 100, NULL},
	{"thread_cycle", bench_thread_batch, 5, 11, 20, NULL},
	{"spawn", bench_spawn_batch, 2, 5, 4, NULL},
	{"copy_64k", bench_copy_batch, 2, 11, 4, NULL},
	{"yield_pair", bench_yield_batch, 20, 21, 100, NULL},
};

/* The request both decode cases read, built once by bench_build_requests. */
static const char bench_object[] = "logd";
static struct svc_msg bench_fixed_msg;
static struct cairn_ipc_buffer bench_fixed_buf;
static uint8_t bench_varint_data[SVC_NAME_WIRE_MAX + 24];
static uint32_t bench_varint_len;

static inline uint64_t bench_instret(void)
{
	uint64_t n;

	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
}

static long bench_ipc_batch(const struct bench_ctx *b, uint32_t n)
{
	struct cairn_msg m = {0};

	for (uint32_t i = 0; i < n; i++) {
		long err;

		m.info = 0;
		err = cairn_ipc_call(b->ep, &m, CAIRN_WAIT_FOREVER);
		if (err != 0)
			return err;
	}
	return 0;
}

static long bench_null_batch(const struct bench_ctx *b, uint32_t n)
{
	(void)b;
	for (uint32_t i = 0; i < n; i++) {
		long err = cairn_null();

		if (err != 0)
			return err;
	}
	return 0;
}

/* instret on init's first line: everything the hart retired since its reset. */
static uint64_t bench_boot_instret;

static long bench_boot_sample(const struct bench_ctx *b, uint64_t *ret)
{
	(void)b;
	*ret = bench_boot_instret;
	return 0;
}

#define BENCH_TICK_LOOPS 100000000u /* about ten ticks' worth of the loop below */
#define BENCH_TICK_LEAST 16u	    /* a step this much above the least holds more than the loop */

static long bench_tick_sample(const struct bench_ctx *b, uint64_t *ret)
{
	uint64_t prev = bench_instret();
	uint64_t least = UINT64_MAX;

	(void)b;
	for (uint32_t i = 0; i < BENCH_TICK_LOOPS; i++) {
		uint64_t now = bench_instret();
		uint64_t step = now - prev;

		prev = now;
		if (step < least) {
			least = step;
		} else if (i > 2 && step > least + BENCH_TICK_LEAST) {
			*ret = step - least;
			return 0;
		}
	}
	return ERR_TIMEOUT;
}

#define BENCH_STACK 4096u

static uint8_t bench_waiter_stack[BENCH_STACK] __attribute__((aligned(16)));
static uint8_t bench_cycle_stack[BENCH_STACK] __attribute__((aligned(16)));
static uint8_t bench_partner_stack[BENCH_STACK] __attribute__((aligned(16)));
static uint8_t bench_copy_src[BENCH_COPY_BYTES];
static cairn_handle_t bench_moving; /* the handle call_handle moves there and back */

/* notify_wake's waiter: waits for ever, one signal at a time. */
static void bench_waiter(uint64_t notify)
{
	while (cairn_notification_wait((cairn_handle_t)notify, CAIRN_WAIT_FOREVER) >= 0) {
	}
	cairn_thread_exit();
}

static long bench_notify_batch(const struct bench_ctx *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		long err = cairn_notification_signal(b->notify, 1);

		if (err != 0)
			return err;
	}
	return 0;
}

static long bench_call_handle_batch(const struct bench_ctx *b, uint32_t n)
{
	struct cairn_ipc_buffer *buf = cairn_ipc_buffer();

	for (uint32_t i = 0; i < n; i++) {
		struct cairn_msg m = {.info = cairn_ipc_info(BENCH_TAG_HANDLE, 0, 1)};
		long err;

		buf->handles[0] = (struct cairn_ipc_handle){.handle = bench_moving,
							    .rights = RIGHT_WRITE | RIGHT_TRANSFER,
							    .mode = CAIRN_IPC_MOVE};
		err = cairn_ipc_call(b->peer_ep, &m, CAIRN_WAIT_FOREVER);
		if (err != 0)
			return err;
		if (cairn_ipc_hcount(m.info) != 1)
			return ERR_INVAL; /* the handle did not come back */
		bench_moving = buf->handles[0].handle;
	}
	return 0;
}

static long bench_vmo_batch(const struct bench_ctx *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		long err = cairn_vmo_map(b->self, b->page, BENCH_MAP_ADDR,
					 CAIRN_PROT_READ | CAIRN_PROT_WRITE);

		if (err == 0)
			err = cairn_vmo_unmap(b->self, BENCH_MAP_ADDR);
		if (err != 0)
			return err;
	}
	return 0;
}

/* thread_cycle's thread: it only ends. */
static void bench_cycle_entry(uint64_t arg)
{
	(void)arg;
	cairn_thread_exit();
}

static long bench_thread_batch(const struct bench_ctx *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		long t = cairn_thread_create(b->self, bench_cycle_entry,
					     (uintptr_t)(bench_cycle_stack + BENCH_STACK), 0);

		if (t < 0)
			return t;
		(void)cairn_thread_yield(); /* it runs and ends */
		(void)cairn_handle_close((cairn_handle_t)t);
	}
	return 0;
}

static long bench_spawn_batch(const struct bench_ctx *b, uint32_t n)
{
	const struct cairn_spawn_req req = {.name = "benchnop",
					    .handles = NULL,
					    .handle_count = 0,
					    .self_rights = 0,
					    .priority = CAIRN_PRIORITY_DEFAULT};

	for (uint32_t i = 0; i < n; i++) {
		long child = cairn_spawn(b->image, &req);
		long status =
			child < 0 ? child
				  : cairn_process_wait((cairn_handle_t)child, CAIRN_WAIT_FOREVER);

		if (child >= 0)
			(void)cairn_handle_close((cairn_handle_t)child);
		if (status != 0)
			return status < 0 ? status : ERR_INVAL;
	}
	return 0;
}

static long bench_copy_batch(const struct bench_ctx *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct cairn_msg m = cairn_msg_words(BENCH_TAG_COPY, BENCH_COPY_BYTES, 0, 0);
		long err;

		memcpy((void *)BENCH_SHARED_ADDR, bench_copy_src, BENCH_COPY_BYTES);
		err = cairn_ipc_call(b->peer_ep, &m, CAIRN_WAIT_FOREVER);
		if (err != 0)
			return err;
		if (m.w[0] != bench_copy_src[BENCH_COPY_BYTES - 1])
			return ERR_INVAL; /* the peer did not see the bytes */
	}
	return 0;
}

/* yield_pair's partner: yields back for as long as the process runs. */
static void bench_partner(uint64_t arg)
{
	(void)arg;
	for (;;)
		(void)cairn_thread_yield();
}

static long bench_yield_batch(const struct bench_ctx *b, uint32_t n)
{
	static bool started;

	if (!started) {
		long t = cairn_thread_create(b->self, bench_partner,
					     (uintptr_t)(bench_partner_stack + BENCH_STACK), 0);

		if (t < 0)
			return t;
		started = true;
	}
	for (uint32_t i = 0; i < n; i++) {
		long err = cairn_thread_yield();

		if (err != 0)
			return err;
	}
	return 0;
}

/* What policyd does with a DECIDE before it decides: decode, then check the action's object. */
static int bench_decide_fixed(struct svc_policy_decide_request *req)
{
	int err = svc_policy_decide_request_decode(&bench_fixed_msg, &bench_fixed_buf, req);

	return err != 0 ? err : policy_decide_check(req->action, req->object.len);
}

static long bench_decode_fixed_batch(const struct bench_ctx *b, uint32_t n)
{
	struct svc_policy_decide_request req;

	(void)b;
	for (uint32_t i = 0; i < n; i++) {
		int err = bench_decide_fixed(&req);

		if (err != 0)
			return err;
	}
	return 0;
}

static long bench_decode_varint_batch(const struct bench_ctx *b, uint32_t n)
{
	struct svc_policy_decide_request req;

	(void)b;
	for (uint32_t i = 0; i < n; i++) {
		int err = bench_varint_decide_decode(bench_varint_data, bench_varint_len, &req);

		if (err != 0)
			return err;
	}
	return 0;
}

__attribute__((format(printf, 2, 3))) static int bench_fail(const struct bench_ctx *b,
							    const char *fmt, ...)
{
	va_list ap;

	(void)cairn_print(b->console, "bench: FAIL ");
	va_start(ap, fmt);
	(void)cairn_vprintf(b->console, fmt, ap);
	va_end(ap);
	(void)cairn_print(b->console, "\n");
	return -1;
}

/* A new endpoint, and benchecho running with its receive side. */
static int bench_start_server(struct bench_ctx *b)
{
	long ep = cairn_endpoint_create(b->self);
	long recv = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV | RIGHT_TRANSFER);
	long con = cairn_handle_dup(b->console, RIGHT_WRITE | RIGHT_TRANSFER);
	long server;

	if (recv < 0 || con < 0)
		return bench_fail(b, "endpoint for benchecho: %s",
				  cairn_err_name(recv < 0 ? recv : con));
	cairn_handle_t pass[2] = {(cairn_handle_t)recv, (cairn_handle_t)con};
	struct cairn_spawn_req req = {
		.name = "benchecho",
		.handles = pass,
		.handle_count = 2,
		.self_rights = 0,
		.priority = CAIRN_PRIORITY_DEFAULT,
	};
	server = cairn_spawn(b->image, &req);
	(void)cairn_handle_close(pass[0]); /* the child has its own copies now */
	(void)cairn_handle_close(pass[1]);
	if (server < 0)
		return bench_fail(b, "spawn benchecho: %s", cairn_err_name(server));
	b->ep = (cairn_handle_t)ep;
	b->server = (cairn_handle_t)server;
	return 0;
}

/* benchpeer with the receive side of a second endpoint and a shared VMO, mapped here too. */
static int bench_start_peer(struct bench_ctx *b)
{
	long ep = cairn_endpoint_create(b->self);
	long recv = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV | RIGHT_TRANSFER);
	long vmo = cairn_vmo_create(b->self, BENCH_COPY_BYTES);
	long shared = vmo < 0 ? vmo
			      : cairn_handle_dup((cairn_handle_t)vmo,
						 RIGHT_READ | RIGHT_MAP | RIGHT_TRANSFER);
	long con = cairn_handle_dup(b->console, RIGHT_WRITE | RIGHT_TRANSFER);
	long err = vmo < 0 ? vmo
			   : cairn_vmo_map(b->self, (cairn_handle_t)vmo, BENCH_SHARED_ADDR,
					   CAIRN_PROT_READ | CAIRN_PROT_WRITE);

	if (recv < 0 || shared < 0 || con < 0 || err != 0)
		return bench_fail(b, "benchpeer's endpoint and VMO: %s",
				  cairn_err_name(recv < 0     ? recv
						 : shared < 0 ? shared
						 : con < 0    ? con
							      : err));
	cairn_handle_t pass[3] = {(cairn_handle_t)recv, (cairn_handle_t)con,
				  (cairn_handle_t)shared};
	struct cairn_spawn_req req = {.name = "benchpeer",
				      .handles = pass,
				      .handle_count = 3,
				      .self_rights = RIGHT_MANAGE, /* to map the VMO */
				      .priority = CAIRN_PRIORITY_DEFAULT};
	long peer = cairn_spawn(b->image, &req);

	for (size_t i = 0; i < 3; i++)
		(void)cairn_handle_close(pass[i]);
	if (peer < 0)
		return bench_fail(b, "spawn benchpeer: %s", cairn_err_name(peer));
	b->peer_ep = (cairn_handle_t)ep;
	b->peer = (cairn_handle_t)peer;
	return 0;
}

/*
 * What the other cases need: the notification and its waiter, one thread
 * more important than this one; the page VMO; the handle call_handle moves;
 * the bytes copy_64k copies.
 */
static int bench_start_extras(struct bench_ctx *b)
{
	long n = cairn_notification_create(b->self);
	long page = cairn_vmo_create(b->self, CAIRN_PAGE_SIZE);
	long moving = cairn_handle_dup(b->console, RIGHT_WRITE | RIGHT_TRANSFER);
	long waiter = n < 0 ? n
			    : cairn_thread_create(b->self, bench_waiter,
						  (uintptr_t)(bench_waiter_stack + BENCH_STACK),
						  (uint64_t)n);
	long err = waiter < 0 ? waiter
			      : cairn_thread_set_priority((cairn_handle_t)waiter,
							  CAIRN_PRIORITY_DEFAULT + 1);

	if (page < 0 || moving < 0 || err != 0)
		return bench_fail(b, "the cases' objects: %s",
				  cairn_err_name(page < 0     ? page
						 : moving < 0 ? moving
							      : err));
	(void)cairn_thread_yield(); /* the waiter runs and waits */
	b->notify = (cairn_handle_t)n;
	b->page = (cairn_handle_t)page;
	bench_moving = (cairn_handle_t)moving;
	for (size_t i = 0; i < BENCH_COPY_BYTES; i++)
		bench_copy_src[i] = (uint8_t)(i * 7u + 1u);
	return 0;
}

/* One call with a tag and words, which must come back unchanged: the path works. */
static int bench_check_echo(const struct bench_ctx *b)
{
	struct cairn_msg m = cairn_msg_words(BENCH_ECHO_TAG, 1, 2, 3);
	long err = cairn_ipc_call(b->ep, &m, CAIRN_WAIT_FOREVER);

	if (err != 0)
		return bench_fail(b, "echo call: %s", cairn_err_name(err));
	if (m.info != cairn_ipc_info(BENCH_ECHO_TAG, 0, 0) || m.w[0] != 1 || m.w[1] != 2 ||
	    m.w[2] != 3)
		return bench_fail(b, "echo answered info 0x%lx words %lu %lu %lu",
				  (unsigned long)m.info, (unsigned long)m.w[0],
				  (unsigned long)m.w[1], (unsigned long)m.w[2]);
	return 0;
}

/* The DECIDE request in both encodings, and both decoders agreeing on it. */
static int bench_build_requests(const struct bench_ctx *b)
{
	const size_t len = sizeof(bench_object) - 1;
	const struct svc_policy_decide_request request = {
		.badge = 0x101, .action = POLICY_LOOKUP, .object = {.str = "logd", .len = 4}};
	struct svc_policy_decide_request fixed;
	struct svc_policy_decide_request varint;
	int n;

	if (svc_policy_decide_request_encode(&bench_fixed_msg, &bench_fixed_buf, &request) != 0 ||
	    (n = bench_varint_decide_encode(bench_varint_data, 0x101, POLICY_LOOKUP, bench_object,
					    len)) < 0)
		return bench_fail(b, "decode: the request does not encode");
	bench_varint_len = (uint32_t)n;
	if (bench_decide_fixed(&fixed) != 0 ||
	    bench_varint_decide_decode(bench_varint_data, bench_varint_len, &varint) != 0 ||
	    fixed.badge != varint.badge || fixed.action != varint.action ||
	    fixed.object.len != varint.object.len || fixed.object.len != len)
		return bench_fail(b, "decode: the two decoders disagree");
	return 0;
}

/* Warm-up, timed batches, one line with the median cost per operation. */
static int bench_run_case(const struct bench_ctx *b, const struct bench_case *c)
{
	uint64_t per_op[BENCH_BATCHES_MAX];
	long err;

	if (c->batches == 0 || c->batches > BENCH_BATCHES_MAX || c->per_batch == 0)
		return bench_fail(b, "%s: batches %u of %u is out of range", c->name,
				  (unsigned)c->batches, (unsigned)c->per_batch);
	err = c->sample != NULL ? 0 : c->batch(b, c->warmup);

	for (uint32_t i = 0; err == 0 && i < c->batches; i++) {
		uint64_t before = bench_instret();

		if (c->sample != NULL) {
			err = c->sample(b, &per_op[i]);
			continue;
		}
		err = c->batch(b, c->per_batch);
		per_op[i] = bench_per_op(before, bench_instret(), c->per_batch);
	}
	if (err != 0)
		return bench_fail(b, "%s: %s", c->name, cairn_err_name(err));
	uint64_t median = bench_median(per_op, c->batches); /* sorts: [0] is the least */
	(void)cairn_printf(
		b->console,
		"bench: %s instructions=%lu (median of %u batches of %u; min %lu, max %lu)\n",
		c->name, (unsigned long)median, (unsigned)c->batches, (unsigned)c->per_batch,
		(unsigned long)per_op[0], (unsigned long)per_op[c->batches - 1]);
	return 0;
}

/* Ends benchecho; it must end by that kill and nothing else. */
static int bench_stop_server(const struct bench_ctx *b)
{
	long err = cairn_process_kill(b->server);
	long status = err < 0 ? err : cairn_process_wait(b->server, CAIRN_WAIT_FOREVER);

	if (status != (long)CAIRN_EXIT_KILLED)
		return bench_fail(b, "benchecho ended with 0x%lx, not by the kill",
				  (unsigned long)status);
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct bench_ctx b;

	bench_boot_instret = bench_instret();
	if (count < 3)
		return 1; /* without a console there is no one to tell */
	b = (struct bench_ctx){.self = handles[0], .console = handles[1], .image = handles[2]};
	if (bench_start_server(&b) != 0 || bench_start_peer(&b) != 0 ||
	    bench_start_extras(&b) != 0 || bench_check_echo(&b) != 0 ||
	    bench_build_requests(&b) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(bench_cases) / sizeof(bench_cases[0]); i++) {
		if (bench_run_case(&b, &bench_cases[i]) != 0)
			return 1;
	}
	(void)cairn_process_kill(b.peer);
	return bench_stop_server(&b) == 0 ? 0 : 1;
}
