/*
 * ipcdiff: the client half of the differential boot (tools/ipcdiff.py). In
 * the ipcdiff boot image it is `init`. It spawns ipcdiffsrv with the receive
 * side of a fresh endpoint and makes a fixed sequence of system calls, each
 * through ipcdiff_ecall with a distinct pattern in every register, and
 * prints every register each one gives back: calls the fast path must take
 * (named /fast), calls it must decline, and calls that steer the server off
 * it. The same image boots on the shipped kernel and on one built without
 * the fast path; the tool requires the same transcript from both, and
 * fewer instructions on every /fast step from the first.
 *
 * Each step's cost (instret before and after its ecall) goes on a line of
 * its own, which the tool reads but does not compare.
 *
 * Initial handles (the kernel's, for init): [0] itself, all rights; [1] the
 * console; [2] the boot image, with SPAWN.
 */
#include <stddef.h>

#include "cairn/abi/rights.h"
#include "cairn/abi/syscall.h"
#include "cairn/ipc.h"
#include "cairn/print.h"
#include "cairn/proc.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "ipcdiff.h"

#define IPCDIFF_BADGE 0xb0d9e5u

struct client {
	cairn_handle_t self;
	cairn_handle_t console;
	cairn_handle_t image;
	cairn_handle_t ep;	 /* every right */
	cairn_handle_t badged;	 /* SEND, with IPCDIFF_BADGE */
	cairn_handle_t recvonly; /* RECV only: a call through it is refused */
	cairn_handle_t server;
	unsigned step;
};

struct step {
	const char *name;
	uint64_t num;
	uint64_t a[6];
};

static inline uint64_t client_instret(void)
{
	uint64_t n;

	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
}

/* One step: its registers in, every register out, the line, the cost line. */
static uint64_t client_step(struct client *c, const struct step *s)
{
	struct ipcdiff_regs r;
	uint64_t before;
	uint64_t after;

	c->step++;
	ipcdiff_prepare(&r, c->step, s->num, s->a);
	before = client_instret();
	ipcdiff_ecall(&r);
	after = client_instret();
	ipcdiff_report(c->console, "client", c->step, s->name, &r);
	ipcdiff_cost(c->console, c->step, s->name, after - before);
	return r.out[IPCDIFF_A0];
}

static int client_start(struct client *c)
{
	long ep = cairn_endpoint_create(c->self);
	long recv = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV | RIGHT_TRANSFER);
	long badged =
		ep < 0 ? ep : cairn_endpoint_mint((cairn_handle_t)ep, IPCDIFF_BADGE, RIGHT_SEND);
	long recvonly = ep < 0 ? ep : cairn_handle_dup((cairn_handle_t)ep, RIGHT_RECV);
	long con = cairn_handle_dup(c->console, RIGHT_WRITE | RIGHT_TRANSFER);

	if (recv < 0 || badged < 0 || recvonly < 0 || con < 0) {
		(void)cairn_print(c->console, "ipcdiff: FAIL cannot set up the endpoint\n");
		return -1;
	}
	cairn_handle_t pass[2] = {(cairn_handle_t)recv, (cairn_handle_t)con};
	struct cairn_spawn_req req = {.name = "ipcdiffsrv",
				      .handles = pass,
				      .handle_count = 2,
				      .self_rights = 0,
				      .priority = CAIRN_PRIORITY_DEFAULT};
	long server = cairn_spawn(c->image, &req);

	(void)cairn_handle_close(pass[0]);
	(void)cairn_handle_close(pass[1]);
	if (server < 0) {
		(void)cairn_printf(c->console, "ipcdiff: FAIL spawn: %s\n", cairn_err_name(server));
		return -1;
	}
	c->ep = (cairn_handle_t)ep;
	c->badged = (cairn_handle_t)badged;
	c->recvonly = (cairn_handle_t)recvonly;
	c->server = (cairn_handle_t)server;
	return 0;
}

static uint64_t words(uint32_t tag)
{
	return cairn_ipc_info(tag, 0, 0);
}

/* The sequence: every step's registers come out in the transcript. */
static void client_run(struct client *c, cairn_handle_t stale)
{
	const uint64_t forever = CAIRN_WAIT_FOREVER;
	const struct step steps[] = {
		{"null/fast", SYS_null, {1, 2, 3, 4, 5, 6}},
		{"call/fast", SYS_ipc_call, {c->ep, words(IPCDIFF_TAG_ECHO), 11, 12, 13, forever}},
		{"call-badged/fast",
		 SYS_ipc_call,
		 {c->badged, words(IPCDIFF_TAG_ECHO), 21, 22, 23, forever}},
		{"call-stale-handle",
		 SYS_ipc_call,
		 {stale, words(IPCDIFF_TAG_ECHO), 1, 2, 3, forever}},
		{"call-upper-bits",
		 SYS_ipc_call,
		 {c->ep | 1ull << 32, words(IPCDIFF_TAG_ECHO), 1, 2, 3, forever}},
		{"call-no-send",
		 SYS_ipc_call,
		 {c->recvonly, words(IPCDIFF_TAG_ECHO), 1, 2, 3, forever}},
		{"call-with-data",
		 SYS_ipc_call,
		 {c->ep, cairn_ipc_info(IPCDIFF_TAG_ECHO, 8, 0), 1, 2, 3, forever}},
		{"call-timed-reply/fast",
		 SYS_ipc_call,
		 {c->ep, words(IPCDIFF_TAG_ECHO), 31, 32, 33, 1000000000u}},
		{"call/fast-reply-timed",
		 SYS_ipc_call,
		 {c->ep, words(IPCDIFF_TAG_TIMED), 41, 42, 43, forever}},
		{"call/fast-split-reply",
		 SYS_ipc_call,
		 {c->ep, words(IPCDIFF_TAG_SPLIT), 71, 72, 73, forever}},
		{"call-max-tag/fast", SYS_ipc_call, {c->ep, words(0xffffu), 81, 82, 83, forever}},
		{"null-again/fast", SYS_null, {7, 8, 9, 10, 11, 12}},
		{"call/fast-then-server-fp",
		 SYS_ipc_call,
		 {c->ep, words(IPCDIFF_TAG_FP), 51, 52, 53, forever}},
		{"call-after-fp",
		 SYS_ipc_call,
		 {c->ep, words(IPCDIFF_TAG_ECHO), 61, 62, 63, forever}},
		{"call-bye", SYS_ipc_call, {c->ep, words(IPCDIFF_TAG_BYE), 91, 92, 93, forever}},
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		(void)client_step(c, &steps[i]);
}

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	struct client c = {0};
	long stale;
	long status;

	if (count < 3)
		return 1;
	c.self = handles[0];
	c.console = handles[1];
	c.image = handles[2];
	if (client_start(&c) != 0)
		return 1;
	stale = cairn_handle_dup(c.ep, RIGHT_SEND);
	if (stale < 0 || cairn_handle_close((cairn_handle_t)stale) != 0)
		return 1;
	client_run(&c, (cairn_handle_t)stale);
	status = cairn_process_wait(c.server, CAIRN_WAIT_FOREVER);
	(void)cairn_handle_close(c.ep);
	(void)cairn_handle_close(c.badged);
	(void)cairn_handle_close(c.recvonly);
	(void)cairn_printf(c.console, "ipcdiff: server ended with %ld\n", status);
	(void)cairn_printf(c.console, "ipcdiff: done %u steps\n", c.step);
	return 0;
}
