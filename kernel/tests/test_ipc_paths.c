/*
 * The IPC fast path against the generic path, on the host (TASK-0032).
 *
 * Each scenario is a sequence of system calls by two clients and a server
 * on one endpoint. It runs twice from the same start: once through the
 * generic handlers alone (sys_ipc.c), once the way trap.c enters a call,
 * sys_fastpath first and the generic handler when it declines. After every
 * step the two worlds must agree on every register of every thread, every
 * wait state, deadline and reply claim, both endpoint queues in order, the
 * endpoint's counts, the processes' reference counts and the thread the
 * hart runs next. The fast path must also be seen taking the calls it is
 * for, so that the comparison is not of the generic path with itself.
 *
 * Real code: sys_ipc.c, sys_fastpath.c, endpoint.c, notify.c, wait.c,
 * thread_queue.c, transfer.c, handle.c, quota.c and the cross-space copies.
 * Stand-ins: the scheduler's three entries (they record the thread that is
 * to run next; sched_switch jumps back here, as it never returns), the
 * clock, the process references and the thread walk over this world.
 */
#include <check.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/clock.h"
#include "cairn/ipc.h"
#include "cairn/sched.h"
#include "cairn/sys.h"
#include "cairn/sys_call.h"
#include "check_main.h"

#define A(n) (TRAP_REG_A0 + (n))

enum { CLIENT, CLIENT2, SERVER, THREADS };
enum { PROC_CLIENTS, PROC_SERVER, PROCS };

/* Which handle a step names. */
enum which {
	H_SEND,	      /* the clients' unbadged handle: SEND */
	H_BADGED,     /* the clients' badged handle: SEND, badge BADGE */
	H_NOSEND,     /* the clients' handle without SEND */
	H_RECV,	      /* the server's handle: RECV */
	H_WIDE,	      /* a register with upper bits set: names no handle */
	H_CLOSE_RECV, /* not a call: the server closes its RECV handle */
};

#define BADGE	    0xb0b0u
#define CLOCK_NOW   1000u
#define SECOND_NS   1000000000ULL
#define NEXT_NONE   (-1)
#define OBJ_NONE    (-1)
#define OBJ_EP	    100
#define OBJ_UNKNOWN 999

struct world {
	struct process procs[PROCS];
	struct thread threads[THREADS];
	struct endpoint *ep;
	cairn_handle_t h[H_RECV + 1];
	struct hart_ctx hart;
	struct thread *next; /* what the hart runs next: sched_switch's or sched_handoff's thread */
	unsigned switches;   /* sched_switch calls: the fast path's way out */
	jmp_buf out;
};

static struct world *cur;
uint32_t sched_ready_levels;

void sched_make_ready(struct thread *t)
{
	t->state = THREAD_READY;
}

void sched_handoff(struct hart_ctx *hart, struct thread *t)
{
	(void)hart;
	cur->next = t;
}

void sched_switch(struct hart_ctx *hart, struct thread *t)
{
	(void)hart;
	cur->next = t;
	cur->switches++;
	longjmp(cur->out, 1);
}

uint64_t clock_now(void)
{
	return CLOCK_NOW;
}

uint64_t clock_ticks_from_ns(uint64_t ns)
{
	return ns / 100; /* 10 MHz */
}

void proc_ref(struct process *p)
{
	p->refs++;
}

void proc_unref(struct process *p)
{
	ck_assert_uint_gt(p->refs, 0);
	p->refs--;
}

void proc_for_each_thread(void (*fn)(struct thread *t, void *ctx), void *ctx)
{
	for (int i = 0; i < THREADS; i++)
		fn(&cur->threads[i], ctx);
}

static void obj_ref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	ck_assert_int_eq(kind, KIND_ENDPOINT);
	endpoint_ref(obj, rights);
}

static void obj_unref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	ck_assert_int_eq(kind, KIND_ENDPOINT);
	endpoint_unref(obj, rights);
}

static const struct handle_obj_ops obj_ops = {obj_ref, obj_unref};

/* Two processes, the clients' with three handles to one endpoint and the server's with one. */
static void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	cur = w;
	sched_ready_levels = 0;
	for (int i = 0; i < PROCS; i++) {
		w->procs[i] = (struct process){.used = true, .refs = 1};
		w->procs[i].quota.limit[QUOTA_ENDPOINTS] = 4;
		handle_table_init(&w->procs[i].handles, &obj_ops);
	}
	w->ep = endpoint_create(&w->procs[PROC_SERVER]);
	w->ep->receivers = 1;
	struct handle_table *ct = &w->procs[PROC_CLIENTS].handles;
	struct handle_entry send = {.kind = KIND_ENDPOINT, .rights = RIGHT_SEND, .obj = w->ep};
	struct handle_entry badged = send;
	struct handle_entry nosend = {.kind = KIND_ENDPOINT, .rights = RIGHT_DUP, .obj = w->ep};

	badged.badge = BADGE;
	w->h[H_RECV] =
		handle_install(&w->procs[PROC_SERVER].handles, KIND_ENDPOINT, RIGHT_RECV, w->ep);
	/* endpoint_create's reference is the server's handle's; each client handle adds one. */
	endpoint_ref(w->ep, 0);
	w->h[H_SEND] = handle_install_entry(ct, &send);
	endpoint_ref(w->ep, 0);
	w->h[H_BADGED] = handle_install_entry(ct, &badged);
	endpoint_ref(w->ep, 0);
	w->h[H_NOSEND] = handle_install_entry(ct, &nosend);
	for (int i = 0; i < THREADS; i++) {
		w->threads[i] =
			(struct thread){.proc = &w->procs[i == SERVER ? PROC_SERVER : PROC_CLIENTS],
					.state = THREAD_READY,
					.priority = 4};
	}
}

struct step {
	int thread;
	uint64_t num;
	enum which handle;
	uint32_t tag;
	uint32_t len;  /* data bytes the info word claims (none of the threads has a buffer) */
	bool bad_info; /* an info word with a reserved bit set instead */
	uint64_t words[CAIRN_IPC_WORDS];
	uint64_t timeout;
};

/* What sys_dispatch does with a handler (kernel/sys/sys.c), for the IPC calls. */
static void dispatch(struct world *w, struct thread *t)
{
	struct sys_call c = {
		.hart = &w->hart, .thread = t, .proc = t->proc, .arg = &t->tf.regs[TRAP_REG_A0]};
	uint64_t num = t->tf.regs[TRAP_REG_A7];
	int64_t result = num == SYS_ipc_call	     ? sys_ipc_call(&c)
			 : num == SYS_ipc_recv	     ? sys_ipc_recv(&c)
			 : num == SYS_ipc_reply	     ? sys_ipc_reply(&c)
			 : num == SYS_ipc_reply_recv ? sys_ipc_reply_recv(&c)
						     : ERR_BADSYS;

	if (!c.no_reply)
		t->tf.regs[TRAP_REG_A0] = (uint64_t)result;
}

static void close_recv(struct world *w)
{
	struct handle_close_plan plan;
	struct handle_table *st = &w->procs[PROC_SERVER].handles;

	ck_assert_int_eq(handle_close_decode(st, w->h[H_RECV], &plan), 0);
	handle_close_perform(st, &plan);
}

/* Run one step as trap.c would, the fast path first when `fast`. */
static void step_run(struct world *w, const struct step *s, bool fast)
{
	struct thread *t = &w->threads[s->thread];
	uint64_t *r = &t->tf.regs[TRAP_REG_A0];

	cur = w;
	w->next = NULL;
	if (s->handle == H_CLOSE_RECV) {
		close_recv(w);
		return;
	}
	r[CAIRN_IPC_REG_HANDLE] =
		s->handle == H_WIDE ? (1ULL << 40) | w->h[H_SEND] : w->h[s->handle];
	r[CAIRN_IPC_REG_INFO] = s->bad_info ? (uint64_t)CAIRN_IPC_INFO_VALID + 1
					    : cairn_ipc_info(s->tag, s->len, 0);
	for (uint32_t i = 0; i < CAIRN_IPC_WORDS; i++)
		r[CAIRN_IPC_REG_WORD0 + i] = s->words[i];
	r[CAIRN_IPC_REG_TIMEOUT] = s->timeout;
	t->tf.regs[TRAP_REG_A7] = s->num;
	t->state = THREAD_RUNNING;
	w->hart.thread = t;
	if (fast && (s->num == SYS_ipc_call || s->num == SYS_ipc_reply_recv)) {
		if (setjmp(w->out) != 0)
			return;
		ck_assert(!sys_fastpath(&w->hart, t));
	}
	dispatch(w, t);
}

/* Everything both paths may change, with pointers named by role. */
struct thread_view {
	uint64_t regs[32];
	int state;
	int wait;
	int wait_obj;
	uint64_t wait_deadline;
	uint64_t send_badge;
	int reply_to;
	int next;
	bool reply_lost;
};

struct view {
	struct thread_view t[THREADS];
	int senders[THREADS + 1];
	int waiting[THREADS + 1];
	uint32_t ep_refs;
	uint32_t ep_receivers;
	uint32_t proc_refs[PROCS];
	uint32_t handles_used[PROCS];
	int next;
};

static int thread_id(const struct world *w, const void *p)
{
	if (p == NULL)
		return OBJ_NONE;
	for (int i = 0; i < THREADS; i++) {
		if (p == &w->threads[i])
			return i;
	}
	return p == w->ep ? OBJ_EP : OBJ_UNKNOWN;
}

static void queue_view(const struct world *w, const struct thread_queue *q, int *ret)
{
	int n = 0;

	for (const struct thread *it = q->head; it != NULL && n < THREADS; it = it->next)
		ret[n++] = thread_id(w, it);
	ret[n] = thread_id(w, q->tail); /* the tail after the members */
}

static void view_of(const struct world *w, struct view *v)
{
	memset(v, 0, sizeof(*v));
	for (int i = 0; i < THREADS; i++) {
		const struct thread *t = &w->threads[i];
		struct thread_view *tv = &v->t[i];

		memcpy(tv->regs, t->tf.regs, sizeof(tv->regs));
		tv->state = t->state;
		tv->wait = t->wait;
		tv->wait_obj = thread_id(w, t->wait_obj);
		tv->wait_deadline = t->wait_deadline;
		tv->send_badge = t->send_badge;
		tv->reply_to = thread_id(w, t->reply_to);
		tv->next = thread_id(w, t->next);
		tv->reply_lost = t->reply_lost;
	}
	queue_view(w, &w->ep->senders, v->senders);
	queue_view(w, &w->ep->waiting, v->waiting);
	v->ep_refs = w->ep->refs;
	v->ep_receivers = w->ep->receivers;
	for (int i = 0; i < PROCS; i++) {
		v->proc_refs[i] = w->procs[i].refs;
		v->handles_used[i] = w->procs[i].handles.used;
	}
	v->next = thread_id(w, w->next);
}

/* The first field in which a and b differ, written to buf; false when they agree. */
static bool view_diff(const struct view *a, const struct view *b, char *buf, size_t size)
{
#define FIELD(expr, name, ...)                                                                     \
	do {                                                                                       \
		if ((a->expr) != (b->expr)) {                                                      \
			(void)snprintf(buf, size, name, __VA_ARGS__);                              \
			return true;                                                               \
		}                                                                                  \
	} while (0)
	for (int i = 0; i < THREADS; i++) {
		for (int r = 0; r < 32; r++)
			FIELD(t[i].regs[r], "thread %d x%d", i, r);
		FIELD(t[i].state, "thread %d state", i);
		FIELD(t[i].wait, "thread %d wait", i);
		FIELD(t[i].wait_obj, "thread %d wait_obj", i);
		FIELD(t[i].wait_deadline, "thread %d wait_deadline", i);
		FIELD(t[i].send_badge, "thread %d send_badge", i);
		FIELD(t[i].reply_to, "thread %d reply_to", i);
		FIELD(t[i].next, "thread %d next", i);
		FIELD(t[i].reply_lost, "thread %d reply_lost", i);
	}
	for (int i = 0; i <= THREADS; i++) {
		FIELD(senders[i], "senders[%d]", i);
		FIELD(waiting[i], "waiting[%d]", i);
	}
	FIELD(ep_refs, "endpoint refs%s", "");
	FIELD(ep_receivers, "endpoint receivers%s", "");
	for (int i = 0; i < PROCS; i++) {
		FIELD(proc_refs[i], "process %d refs", i);
		FIELD(handles_used[i], "process %d handles", i);
	}
	FIELD(next, "next thread%s", "");
	return false;
#undef FIELD
}

static struct world slow;
static struct world fast;

/* Run `steps` in both worlds, comparing after each; the fast path's switch count. */
static unsigned run_both(const struct step *steps, size_t n, uint32_t ready_levels)
{
	char diff[64];

	world_init(&slow);
	world_init(&fast);
	for (size_t i = 0; i < n; i++) {
		struct view vs;
		struct view vf;

		sched_ready_levels = ready_levels;
		step_run(&slow, &steps[i], false);
		step_run(&fast, &steps[i], true);
		ck_assert_uint_eq(slow.switches, 0);
		view_of(&slow, &vs);
		view_of(&fast, &vf);
		if (view_diff(&vs, &vf, diff, sizeof(diff)))
			ck_abort_msg("step %zu: the paths differ in %s", i, diff);
	}
	return fast.switches;
}

/* A step's three words are w0, w0 + 1 and w0 + 2. */
#define FOREVER CAIRN_WAIT_FOREVER
#define CALL(who, h, w0, to)                                                                       \
	{                                                                                          \
		.thread = (who), .num = SYS_ipc_call, .handle = (h), .tag = 7,                     \
		.words = {(w0), (w0) + 1, (w0) + 2}, .timeout = (to)                               \
	}
#define RECV                                                                                       \
	{                                                                                          \
		.thread = SERVER, .num = SYS_ipc_recv, .handle = H_RECV, .timeout = FOREVER        \
	}
#define REPLY_RECV(w0)                                                                             \
	{                                                                                          \
		.thread = SERVER, .num = SYS_ipc_reply_recv, .handle = H_RECV, .tag = 9,           \
		.words = {(w0), (w0) + 1, (w0) + 2}, .timeout = FOREVER                            \
	}
#define CLOSE_RECV                                                                                 \
	{                                                                                          \
		.handle = H_CLOSE_RECV                                                             \
	}

/* Three round trips, each call and reply for the fast path. */
static const struct step pingpong[] = {
	RECV,		CALL(CLIENT, H_SEND, 1, FOREVER),
	REPLY_RECV(4),	CALL(CLIENT, H_BADGED, 7, FOREVER),
	REPLY_RECV(10), CALL(CLIENT2, H_SEND, 13, FOREVER),
	REPLY_RECV(16),
};

START_TEST(test_pingpong_agrees_and_is_fast)
{
	ck_assert_uint_eq(run_both(pingpong, 4, 0), 3);
	/* After the badged call: the server holds its words and badge, the client waits. */
	const uint64_t *s = &fast.threads[SERVER].tf.regs[TRAP_REG_A0];

	ck_assert_uint_eq(s[CAIRN_IPC_REG_STATUS], 0);
	ck_assert_uint_eq(s[CAIRN_IPC_REG_WORD0 + 2], 9);
	ck_assert_uint_eq(s[CAIRN_IPC_REG_BADGE], BADGE);
	ck_assert_ptr_eq(fast.threads[SERVER].reply_to, &fast.threads[CLIENT]);
	ck_assert_int_eq(fast.threads[CLIENT].wait, WAIT_REPLY);
	ck_assert_ptr_eq(fast.next, &fast.threads[SERVER]);

	ck_assert_uint_eq(run_both(pingpong, sizeof(pingpong) / sizeof(pingpong[0]), 0), 6);
	const uint64_t *c = &fast.threads[CLIENT2].tf.regs[TRAP_REG_A0];

	ck_assert_uint_eq(c[CAIRN_IPC_REG_WORD0], 16);
	ck_assert_uint_eq(c[CAIRN_IPC_REG_BADGE], 0);
	ck_assert_int_eq(fast.threads[SERVER].wait, WAIT_RECV);
	ck_assert_ptr_eq(fast.ep->waiting.head, &fast.threads[SERVER]);
	ck_assert_uint_eq(fast.ep->refs, 5); /* four handles and the server's wait */
}
END_TEST

/* Each of these the fast path must decline, leaving the generic path to answer. */
static const struct step declined_call[][2] = {
	{RECV, CALL(CLIENT, H_SEND, 1, SECOND_NS)},
	{RECV,
	 {.thread = CLIENT, .num = SYS_ipc_call, .handle = H_SEND, .len = 8, .timeout = FOREVER}},
	{RECV,
	 {.thread = CLIENT,
	  .num = SYS_ipc_call,
	  .handle = H_SEND,
	  .bad_info = true,
	  .timeout = FOREVER}},
	{RECV, CALL(CLIENT, H_NOSEND, 1, FOREVER)},
	{RECV, CALL(CLIENT, H_WIDE, 1, FOREVER)},
	{CALL(CLIENT2, H_SEND, 1, SECOND_NS), CALL(CLIENT, H_SEND, 4, 0)},
	{CLOSE_RECV, CALL(CLIENT, H_SEND, 1, FOREVER)},
};

START_TEST(test_declined_calls_agree)
{
	ck_assert_uint_eq(run_both(declined_call[_i], 2, 0), 0);
}
END_TEST

/* A thread above the server's priority is ready: the call takes the generic way. */
START_TEST(test_more_important_ready_declines)
{
	ck_assert_uint_eq(run_both(pingpong, 2, 1U << 6), 0);
	ck_assert_ptr_eq(fast.next, &fast.threads[SERVER]);
}
END_TEST

/* A second caller queued while the server serves: its reply_recv receives it the generic way. */
static const struct step queued_caller[] = {
	RECV,
	CALL(CLIENT, H_SEND, 1, FOREVER),
	CALL(CLIENT2, H_BADGED, 4, 5 * SECOND_NS),
	REPLY_RECV(7),
	REPLY_RECV(10),
};

START_TEST(test_queued_caller_agrees)
{
	ck_assert_uint_eq(run_both(queued_caller, 5, 0), 2);
	ck_assert_uint_eq(fast.threads[CLIENT].tf.regs[A(CAIRN_IPC_REG_WORD0)], 7);
	ck_assert_uint_eq(fast.threads[CLIENT2].tf.regs[A(CAIRN_IPC_REG_WORD0)], 10);
}
END_TEST

/* reply_recv owing no reply, and a reply after the server's endpoint lost its receivers. */
static const struct step no_reply_owed[] = {
	REPLY_RECV(1),
	CALL(CLIENT, H_SEND, 4, FOREVER),
	CLOSE_RECV,
	CALL(CLIENT2, H_SEND, 7, FOREVER),
};

START_TEST(test_no_reply_owed_agrees)
{
	ck_assert_uint_eq(run_both(no_reply_owed, 4, 0), 1);
	ck_assert_int_eq((int64_t)fast.threads[CLIENT2].tf.regs[TRAP_REG_A0], ERR_PEERDEAD);
}
END_TEST

/* The comparison sees a change in any one register of any thread: it is not vacuous. */
START_TEST(test_comparison_sees_one_register)
{
	char diff[64];
	struct view a;
	struct view b;

	(void)run_both(pingpong, 3, 0);
	view_of(&fast, &a);
	fast.threads[_i % THREADS].tf.regs[_i / THREADS] ^= 1;
	view_of(&fast, &b);
	ck_assert(view_diff(&a, &b, diff, sizeof(diff)));
	fast.threads[_i % THREADS].tf.regs[_i / THREADS] ^= 1;
	view_of(&fast, &b);
	ck_assert(!view_diff(&a, &b, diff, sizeof(diff)));
}
END_TEST

static Suite *ipc_paths_suite(void)
{
	Suite *s = suite_create("ipc_paths");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pingpong_agrees_and_is_fast);
	tcase_add_loop_test(tc, test_declined_calls_agree, 0,
			    (int)(sizeof(declined_call) / sizeof(declined_call[0])));
	tcase_add_test(tc, test_more_important_ready_declines);
	tcase_add_test(tc, test_queued_caller_agrees);
	tcase_add_test(tc, test_no_reply_owed_agrees);
	tcase_add_loop_test(tc, test_comparison_sees_one_register, 0, 32 * THREADS);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(ipc_paths_suite()));
}
