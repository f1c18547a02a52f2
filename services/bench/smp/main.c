/*
 * benchsmp: IPC round trips per second by wall time, with one, two and four
 * independent client/server pairs (`just bench-smp`, tools/smpbench.py). In
 * its boot image it is `init`. For each count of pairs it spawns that many
 * benchecho servers, each with an endpoint of its own, starts as many client
 * threads here, each calling its own server in a loop, lets them run for
 * SMP_WINDOW_MS of the guest's clock (which, without -icount, is the host's
 * wall clock), stops them and prints
 *
 *   smp: pairs=P harts=H roundtrips=N ns=T per_second=R
 *
 * The pairs share nothing but the kernel, so what the rate fails to gain
 * from a second hart is what the one kernel lock (ADR-0004) and the host
 * cost.
 *
 * Initial handles (the kernel's, for init): [0] itself, all rights; [1] the
 * console; [2] the boot image, with SPAWN.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/start.h"
#include "cairn/sys.h"

#define SMP_PAIRS_MAX 4u
#define SMP_WINDOW_MS 300u
#define SMP_STACK     4096u

/* One pair; a cache line each, so one client's counter does not slow another's. */
struct smp_pair {
	volatile uint64_t calls; /* written by its client thread only */
	cairn_handle_t ep;
	cairn_handle_t server;
	cairn_handle_t thread;
	volatile bool done; /* the client thread has stopped */
} __attribute__((aligned(64)));

static struct smp_pair smp_pairs[SMP_PAIRS_MAX];
static uint8_t smp_stacks[SMP_PAIRS_MAX][SMP_STACK] __attribute__((aligned(16)));
static volatile bool smp_stop;

static void smp_client(uint64_t arg)
{
	struct smp_pair *p = &smp_pairs[arg];
	struct cairn_msg m = {0};

	while (!smp_stop) {
		m.info = 0;
		if (cairn_ipc_call(p->ep, &m, CAIRN_WAIT_FOREVER) != 0)
			break;
		p->calls++;
	}
	p->done = true;
	cairn_thread_exit();
}

static uint64_t smp_now_ns(void)
{
	struct cairn_clock c = {0};

	return cairn_clock_read(&c) == 0 ? c.now_ns : 0;
}

/* One server and its endpoint for pair i. */
static long smp_start_server(cairn_handle_t self, cairn_handle_t console, cairn_handle_t image,
			     struct smp_pair *p)
{
	long ep = cairn_endpoint_create(self);
	long recv = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV | RIGHT_TRANSFER);
	long con = cairn_handle_dup(console, RIGHT_WRITE | RIGHT_TRANSFER);

	if (recv < 0 || con < 0)
		return recv < 0 ? recv : con;
	cairn_handle_t pass[2] = {(cairn_handle_t)recv, (cairn_handle_t)con};
	struct cairn_spawn_req req = {.name = "benchecho",
				      .handles = pass,
				      .handle_count = 2,
				      .self_rights = 0,
				      .priority = CAIRN_PRIORITY_DEFAULT};
	long server = cairn_spawn(image, &req);

	(void)cairn_handle_close(pass[0]);
	(void)cairn_handle_close(pass[1]);
	if (server < 0)
		return server;
	p->ep = (cairn_handle_t)ep;
	p->server = (cairn_handle_t)server;
	return 0;
}

/* Pause this thread for `ms` of the clock: a wait on a notification nobody signals. */
static void smp_sleep(cairn_handle_t quiet, uint64_t ms)
{
	(void)cairn_notification_wait(quiet, ms * 1000000u);
}

/* Run `pairs` pairs for the window; 0, or an error. */
static long smp_run(cairn_handle_t self, cairn_handle_t console, cairn_handle_t image,
		    cairn_handle_t quiet, uint32_t pairs, uint32_t harts)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < pairs; i++) {
		long err = smp_start_server(self, console, image, &smp_pairs[i]);

		if (err != 0)
			return err;
		smp_pairs[i].calls = 0;
		smp_pairs[i].done = false;
	}
	smp_stop = false;
	for (uint32_t i = 0; i < pairs; i++) {
		long t = cairn_thread_create(self, smp_client,
					     (uintptr_t)(smp_stacks[i] + SMP_STACK), i);

		if (t < 0)
			return t;
		smp_pairs[i].thread = (cairn_handle_t)t;
	}
	smp_sleep(quiet, 20); /* every client under way */
	uint64_t start_calls = 0;
	for (uint32_t i = 0; i < pairs; i++)
		start_calls += smp_pairs[i].calls;
	uint64_t start = smp_now_ns();
	smp_sleep(quiet, SMP_WINDOW_MS);
	uint64_t end = smp_now_ns();
	for (uint32_t i = 0; i < pairs; i++)
		total += smp_pairs[i].calls;
	smp_stop = true;
	for (uint32_t i = 0; i < pairs; i++) {
		while (!smp_pairs[i].done)
			smp_sleep(quiet, 1);
		(void)cairn_handle_close(smp_pairs[i].thread);
		(void)cairn_process_kill(smp_pairs[i].server);
		(void)cairn_process_wait(smp_pairs[i].server, CAIRN_WAIT_FOREVER);
		(void)cairn_handle_close(smp_pairs[i].server);
		(void)cairn_handle_close(smp_pairs[i].ep);
	}
	total -= start_calls;
	uint64_t ns = end > start ? end - start : 1;
	(void)cairn_printf(console, "smp: pairs=%u harts=%u roundtrips=%lu ns=%lu per_second=%lu\n",
			   (unsigned)pairs, (unsigned)harts, (unsigned long)total,
			   (unsigned long)ns, (unsigned long)(total * 1000000000u / ns));
	return 0;
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct cairn_clock c = {0};
	long quiet;

	if (count < 3 || cairn_clock_read(&c) != 0)
		return 1;
	quiet = cairn_notification_create(handles[0]);
	if (quiet < 0)
		return 1;
	for (uint32_t pairs = 1; pairs <= SMP_PAIRS_MAX; pairs *= 2) {
		long err = smp_run(handles[0], handles[1], handles[2], (cairn_handle_t)quiet, pairs,
				   c.harts);

		if (err != 0) {
			(void)cairn_printf(handles[1], "smp: FAIL %u pairs: %s\n", (unsigned)pairs,
					   cairn_err_name(err));
			return 1;
		}
	}
	(void)cairn_print(handles[1], "smp: done\n");
	return 0;
}
