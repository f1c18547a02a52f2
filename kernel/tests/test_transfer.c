/*
 * Host tests of the IPC transfer decoder and its perform
 * (kernel/ipc/transfer.c), built as the kernel builds them with the real
 * handle tables (handle.c), page tables (vm.c) and cross-space copies
 * (uaccess_space.c). Two processes each get a root table and a mapped IPC
 * buffer from the host frame pool (host_frames.h); the sender's buffer is
 * written with real struct cairn_ipc_buffer layouts and its registers with
 * real info words. The only stand-in is panic_at, which fails the test: a
 * perform after an accepted decode must never reach it.
 *
 * Checked: the info word's limits (data 0, max, max + 1; handles max,
 * max + 1; reserved bits), copy and move, a handle moved twice, rights
 * widening, slot fields, missing or read-only buffers, a full receiver
 * table, and that every refused decode leaves both tables, both buffers,
 * both register sets and every reference count as they were.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/panic.h"
#include "cairn/phys.h"
#include "cairn/uaccess.h"
#include "check_main.h"
#include "host_frames.h"

#define BUF_VA CAIRN_USER_BASE
#define OBJS   4
#define A(n)   (TRAP_REG_A0 + (n))

void panic_at(const char *func, const char *fmt, ...)
{
	(void)fmt;
	ck_abort_msg("PANIC in %s after an accepted decode", func);
	abort();
}

/* Objects that count their references through the tables' hooks. */
static int refs[OBJS];

static void obj_ref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	(void)kind;
	(void)rights;
	(*(int *)obj)++;
}

static void obj_unref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	(void)kind;
	(void)rights;
	ck_assert_int_gt(*(int *)obj, 0);
	(*(int *)obj)--;
}

static const struct handle_obj_ops obj_ops = {obj_ref, obj_unref};

struct side {
	struct process p;
	struct thread t;
};

static struct side snd;
static struct side rcv;
/* The sender's handles: all rights; no DUP; no TRANSFER. */
static cairn_handle_t h_all;
static cairn_handle_t h_nodup;
static cairn_handle_t h_nomove;

#define RIGHTS_HELD (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_READ | RIGHT_WRITE)

static void side_init(struct side *s, unsigned buffer_prot)
{
	uint64_t root;
	uint64_t page;

	ck_assert_int_eq(kmem_frame_alloc(&root), 0);
	s->p = (struct process){.root = phys_to_ptr(root)};
	handle_table_init(&s->p.handles, &obj_ops);
	s->t = (struct thread){.proc = &s->p, .ipc_buffer = buffer_prot != 0 ? BUF_VA : 0};
	if (buffer_prot == 0)
		return;
	ck_assert_int_eq(kmem_frame_alloc(&page), 0);
	ck_assert_int_eq(vm_map_user(s->p.root, BUF_VA, page, buffer_prot, &kvm_tables), 0);
}

static cairn_handle_t give(struct side *s, uint32_t rights, int obj)
{
	refs[obj]++;
	return handle_install(&s->p.handles, KIND_VMO, rights, &refs[obj]);
}

static void setup(void)
{
	host_frames_reset(HOST_FRAMES_MAX);
	memset(refs, 0, sizeof(refs));
	side_init(&snd, VM_PROT_READ | VM_PROT_WRITE);
	side_init(&rcv, VM_PROT_READ | VM_PROT_WRITE);
	h_all = give(&snd, RIGHTS_HELD, 0);
	h_nodup = give(&snd, RIGHTS_HELD & ~RIGHT_DUP, 1);
	h_nomove = give(&snd, RIGHTS_HELD & ~RIGHT_TRANSFER, 2);
}

static struct cairn_ipc_handle slot(cairn_handle_t h, uint32_t rights, uint32_t mode)
{
	return (struct cairn_ipc_handle){.handle = h, .rights = rights, .mode = mode};
}

/* Put a message in the sender's registers and buffer: `len` data bytes, `n` slots. */
static void send(uint64_t info, uint32_t len, const struct cairn_ipc_handle *slots, uint32_t n)
{
	struct cairn_ipc_buffer buf = {.data = {0}};

	for (uint32_t i = 0; i < len && i < CAIRN_IPC_DATA_MAX; i++)
		buf.data[i] = (uint8_t)(i * 7 + 1);
	if (n > 0)
		memcpy(buf.handles, slots, n * sizeof(slots[0]));
	snd.t.tf.regs[A(1)] = info;
	for (int i = 0; i < 3; i++)
		snd.t.tf.regs[A(2 + i)] = 0x1000 + (uint64_t)i;
	if (snd.t.ipc_buffer != 0)
		ck_assert_int_eq(copy_to_space(snd.p.root, BUF_VA, &buf, sizeof(buf)), 0);
}

/* Everything a decode could change, to compare across a refused one. */
struct state {
	struct handle_table tables[2];
	int refs[OBJS];
	struct trap_frame tf[2];
	struct cairn_ipc_buffer bufs[2];
};

static void read_buffer(const struct side *s, struct cairn_ipc_buffer *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (s->t.ipc_buffer != 0)
		ck_assert_int_eq(copy_from_space(s->p.root, ret, BUF_VA, sizeof(*ret)), 0);
}

static void snapshot(struct state *st)
{
	memset(st, 0, sizeof(*st));
	memcpy(&st->tables[0], &snd.p.handles, sizeof(st->tables[0]));
	memcpy(&st->tables[1], &rcv.p.handles, sizeof(st->tables[1]));
	memcpy(st->refs, refs, sizeof(refs));
	memcpy(&st->tf[0], &snd.t.tf, sizeof(st->tf[0]));
	memcpy(&st->tf[1], &rcv.t.tf, sizeof(st->tf[1]));
	read_buffer(&snd, &st->bufs[0]);
	read_buffer(&rcv, &st->bufs[1]);
}

/* Decode must refuse with `err` and change nothing on either side. */
static void expect_refused(int err)
{
	struct state before;
	struct state after;
	struct ipc_transfer x;

	snapshot(&before);
	ck_assert_int_eq(ipc_transfer_decode(&snd.t, &rcv.t, 0xbad6e, &x), err);
	snapshot(&after);
	ck_assert_mem_eq(&before, &after, sizeof(before));
}

/* Decode must accept; then perform, which must not panic. */
static void deliver(struct ipc_transfer *x)
{
	ck_assert_int_eq(ipc_transfer_decode(&snd.t, &rcv.t, 0xbad6e, x), 0);
	ipc_transfer_perform(&snd.t, &rcv.t, x);
	ck_assert_uint_eq(rcv.t.tf.regs[A(0)], 0);
	ck_assert_uint_eq(rcv.t.tf.regs[A(1)], x->info);
	ck_assert_uint_eq(rcv.t.tf.regs[A(4)], 0x1002);
	ck_assert_uint_eq(rcv.t.tf.regs[A(5)], 0xbad6e);
}

START_TEST(test_info_word_limits)
{
	ck_assert_int_eq(ipc_info_check(cairn_ipc_info(0xffff, 0, 0)), 0);
	ck_assert_int_eq(ipc_info_check(cairn_ipc_info(0, CAIRN_IPC_DATA_MAX, 0)), 0);
	ck_assert_int_eq(ipc_info_check(cairn_ipc_info(0, CAIRN_IPC_DATA_MAX + 1, 0)), ERR_INVAL);
	ck_assert_int_eq(ipc_info_check(cairn_ipc_info(0, 0, CAIRN_IPC_HANDLES_MAX)), 0);
	ck_assert_int_eq(ipc_info_check(cairn_ipc_info(0, 0, CAIRN_IPC_HANDLES_MAX + 1)),
			 ERR_INVAL);
	ck_assert_int_eq(ipc_info_check(1ULL << 27), ERR_INVAL);
	ck_assert_int_eq(ipc_info_check(1ULL << 63), ERR_INVAL);
}
END_TEST

START_TEST(test_words_only_needs_no_buffer)
{
	struct ipc_transfer x;

	snd.t.ipc_buffer = 0;
	rcv.t.ipc_buffer = 0;
	send(cairn_ipc_info(42, 0, 0), 0, NULL, 0);
	deliver(&x);
	ck_assert_uint_eq(rcv.t.tf.regs[A(2)], 0x1000);
}
END_TEST

START_TEST(test_data_at_the_limit)
{
	struct cairn_ipc_buffer got;
	struct ipc_transfer x;

	send(cairn_ipc_info(1, CAIRN_IPC_DATA_MAX, 0), CAIRN_IPC_DATA_MAX, NULL, 0);
	deliver(&x);
	read_buffer(&rcv, &got);
	for (uint32_t i = 0; i < CAIRN_IPC_DATA_MAX; i++)
		ck_assert_uint_eq(got.data[i], (uint8_t)(i * 7 + 1));
}
END_TEST

START_TEST(test_info_refused_changes_nothing)
{
	send(cairn_ipc_info(1, 0, 0) | (1ULL << 27), 0, NULL, 0);
	expect_refused(ERR_INVAL);
	send(cairn_ipc_info(1, CAIRN_IPC_DATA_MAX + 1, 0), CAIRN_IPC_DATA_MAX, NULL, 0);
	expect_refused(ERR_INVAL);
	send(cairn_ipc_info(1, 0, CAIRN_IPC_HANDLES_MAX + 1), 0, NULL, 0);
	expect_refused(ERR_INVAL);
}
END_TEST

/* Two copied, two moved: the most handles a message carries. */
START_TEST(test_copy_and_move_at_the_limit)
{
	struct cairn_ipc_handle s[4] = {
		slot(h_all, RIGHT_READ, CAIRN_IPC_COPY),
		slot(h_all, RIGHT_READ | RIGHT_WRITE, CAIRN_IPC_COPY),
		slot(h_nodup, RIGHT_TRANSFER, CAIRN_IPC_MOVE),
		slot(give(&snd, RIGHTS_HELD, 3), 0, CAIRN_IPC_MOVE),
	};
	struct cairn_ipc_buffer got;
	struct handle_entry e;
	struct ipc_transfer x;

	send(cairn_ipc_info(7, 3, 4), 3, s, 4);
	deliver(&x);
	ck_assert_int_eq(refs[0], 3); /* the sender's and two copies */
	ck_assert_int_eq(refs[1], 1); /* moved: one holder still */
	ck_assert_int_eq(refs[3], 1);
	ck_assert_int_eq(handle_lookup(&snd.p.handles, h_all, KIND_NONE, 0, &e), 0);
	ck_assert_int_eq(handle_lookup(&snd.p.handles, h_nodup, KIND_NONE, 0, &e), ERR_BADHANDLE);
	ck_assert_uint_eq(handle_free_count(&rcv.p.handles), HANDLE_TABLE_SLOTS - 4);
	read_buffer(&rcv, &got);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(handle_lookup(&rcv.p.handles, got.handles[i].handle, KIND_VMO,
					       s[i].rights, &e),
				 0);
		ck_assert_uint_eq(e.rights, s[i].rights); /* exactly what was asked */
		ck_assert_uint_eq(got.handles[i].rights, s[i].rights);
		ck_assert_uint_eq(got.handles[i].mode, 0);
	}
}
END_TEST

START_TEST(test_same_handle_moved_twice)
{
	struct cairn_ipc_handle twice[2] = {slot(h_all, RIGHT_READ, CAIRN_IPC_MOVE),
					    slot(h_all, RIGHT_READ, CAIRN_IPC_MOVE)};
	struct cairn_ipc_handle copy_move[2] = {slot(h_all, RIGHT_READ, CAIRN_IPC_COPY),
						slot(h_all, RIGHT_READ, CAIRN_IPC_MOVE)};
	struct cairn_ipc_handle copied_twice[2] = {slot(h_all, RIGHT_READ, CAIRN_IPC_COPY),
						   slot(h_all, RIGHT_WRITE, CAIRN_IPC_COPY)};
	struct ipc_transfer x;

	send(cairn_ipc_info(0, 0, 2), 0, twice, 2);
	expect_refused(ERR_INVAL);
	send(cairn_ipc_info(0, 0, 2), 0, copy_move, 2);
	expect_refused(ERR_INVAL);
	send(cairn_ipc_info(0, 0, 2), 0, copied_twice, 2);
	deliver(&x);
	ck_assert_int_eq(refs[0], 3);
}
END_TEST

START_TEST(test_rights_and_slot_fields)
{
	struct cairn_ipc_handle s;

	s = slot(h_all, RIGHT_READ | RIGHT_KILL, CAIRN_IPC_COPY); /* a right it does not hold */
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_DENIED);
	s = slot(h_nodup, RIGHT_READ, CAIRN_IPC_COPY); /* copying needs DUP */
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_DENIED);
	s = slot(h_nomove, RIGHT_READ, CAIRN_IPC_MOVE); /* moving needs TRANSFER */
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_DENIED);
	s = slot(h_all, RIGHT_READ, CAIRN_IPC_COPY);
	s.reserved = 1;
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_INVAL);
	s = slot(h_all, RIGHT_READ, 2); /* neither copy nor move */
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_INVAL);
	s = slot(h_all, RIGHTS_ALL + 1, CAIRN_IPC_COPY);
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_INVAL);
	s = slot(h_all ^ (1u << HANDLE_SLOT_BITS), RIGHT_READ, CAIRN_IPC_COPY); /* stale */
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_BADHANDLE);
}
END_TEST

START_TEST(test_receiver_table_full)
{
	struct cairn_ipc_handle s[2] = {slot(h_all, RIGHT_READ, CAIRN_IPC_COPY),
					slot(h_nodup, RIGHT_READ, CAIRN_IPC_MOVE)};
	struct ipc_transfer x;

	while (handle_free_count(&rcv.p.handles) > 1)
		give(&rcv, RIGHT_READ, 3);
	send(cairn_ipc_info(0, 0, 2), 0, s, 2);
	expect_refused(ERR_NOSPC);
	send(cairn_ipc_info(0, 0, 1), 0, s, 1); /* one fits the last slot */
	deliver(&x);
	ck_assert_uint_eq(handle_free_count(&rcv.p.handles), 0);
}
END_TEST

START_TEST(test_buffers_missing_or_read_only)
{
	struct cairn_ipc_handle s = slot(h_all, RIGHT_READ, CAIRN_IPC_COPY);

	send(cairn_ipc_info(0, 1, 0), 1, NULL, 0);
	rcv.t.ipc_buffer = 0;
	expect_refused(ERR_BADADDR);
	snd.t.ipc_buffer = 0;
	rcv.t.ipc_buffer = BUF_VA;
	expect_refused(ERR_BADADDR);
	side_init(&rcv, VM_PROT_READ);
	snd.t.ipc_buffer = BUF_VA;
	send(cairn_ipc_info(0, 0, 1), 0, &s, 1);
	expect_refused(ERR_BADADDR);
	rcv.t.ipc_buffer = BUF_VA + CAIRN_PAGE_SIZE; /* not mapped */
	expect_refused(ERR_BADADDR);
	side_init(&rcv, VM_PROT_READ | VM_PROT_WRITE);
	snd.t.ipc_buffer = BUF_VA + CAIRN_PAGE_SIZE;
	expect_refused(ERR_BADADDR);
}
END_TEST

static Suite *transfer_suite(void)
{
	Suite *s = suite_create("transfer");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_info_word_limits);
	tcase_add_test(tc, test_words_only_needs_no_buffer);
	tcase_add_test(tc, test_data_at_the_limit);
	tcase_add_test(tc, test_info_refused_changes_nothing);
	tcase_add_test(tc, test_copy_and_move_at_the_limit);
	tcase_add_test(tc, test_same_handle_moved_twice);
	tcase_add_test(tc, test_rights_and_slot_fields);
	tcase_add_test(tc, test_receiver_table_full);
	tcase_add_test(tc, test_buffers_missing_or_read_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(transfer_suite()));
}
