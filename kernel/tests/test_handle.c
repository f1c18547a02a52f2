/*
 * Host tests of the handle table (kernel/cap/handle.c): install, lookup and
 * close; stale handles after close and after the slot is reused; forged
 * values of every shape; wrong kind and missing rights; dup narrowing and
 * never widening; a full table; the generation wrap; and the reference hooks
 * (one reference per live slot, given back on close).
 */
#include <check.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "cairn/handle.h"
#include "check_main.h"

/* A counted object for the reference hooks. */
struct counted {
	int refs;
	int frees;
};

static void counted_ref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	struct counted *c = obj;

	(void)rights;
	ck_assert_int_ne(kind, KIND_NONE);
	c->refs++;
}

static void counted_unref(enum cairn_kind kind, uint32_t rights, void *obj)
{
	struct counted *c = obj;

	(void)rights;
	ck_assert_int_ne(kind, KIND_NONE);
	ck_assert_int_gt(c->refs, 0);
	if (--c->refs == 0)
		c->frees++;
}

static const struct handle_obj_ops counted_ops = {.ref = counted_ref, .unref = counted_unref};

static struct handle_table *new_table(const struct handle_obj_ops *ops)
{
	struct handle_table *t = malloc(sizeof(*t));

	ck_assert_ptr_nonnull(t);
	handle_table_init(t, ops);
	return t;
}

static cairn_handle_t install(struct handle_table *t, enum cairn_kind kind, uint32_t rights,
			      void *obj)
{
	ck_assert_int_eq(handle_alloc_check(t), 0);
	cairn_handle_t h = handle_install(t, kind, rights, obj);
	ck_assert_uint_ne(h, CAIRN_HANDLE_INVALID);
	ck_assert_uint_eq(h & 0x80000000u, 0);
	return h;
}

static void close_ok(struct handle_table *t, cairn_handle_t h)
{
	struct handle_close_plan plan;

	ck_assert_int_eq(handle_close_decode(t, h, &plan), 0);
	handle_close_perform(t, &plan);
}

START_TEST(test_install_lookup_close)
{
	struct handle_table *t = new_table(NULL);
	int obj = 7;
	struct handle_entry e;
	cairn_handle_t h = install(t, KIND_VMO, RIGHT_READ | RIGHT_MAP, &obj);

	ck_assert_int_eq(handle_lookup(t, h, KIND_VMO, RIGHT_READ, &e), 0);
	ck_assert_int_eq(e.kind, KIND_VMO);
	ck_assert_uint_eq(e.rights, RIGHT_READ | RIGHT_MAP);
	ck_assert_ptr_eq(e.obj, &obj);
	ck_assert_int_eq(handle_lookup(t, h, KIND_NONE, 0, &e), 0);
	ck_assert_uint_eq(handle_free_count(t), HANDLE_TABLE_SLOTS - 1);
	close_ok(t, h);
	ck_assert_uint_eq(handle_free_count(t), HANDLE_TABLE_SLOTS);
	free(t);
}
END_TEST

START_TEST(test_install_masks_rights_and_refuses_none)
{
	struct handle_table *t = new_table(NULL);
	struct handle_entry e;
	cairn_handle_t h = install(t, KIND_CONSOLE, 0xffffffffu, NULL);

	ck_assert_int_eq(handle_lookup(t, h, KIND_CONSOLE, 0, &e), 0);
	ck_assert_uint_eq(e.rights, RIGHTS_ALL);
	ck_assert_uint_eq(handle_install(t, KIND_NONE, 0, NULL), CAIRN_HANDLE_INVALID);
	ck_assert_uint_eq(handle_free_count(t), HANDLE_TABLE_SLOTS - 1);
	free(t);
}
END_TEST

START_TEST(test_stale_after_close_and_reuse)
{
	struct handle_table *t = new_table(NULL);
	int a = 1;
	int b = 2;
	struct handle_entry e = {.kind = KIND_THREAD, .rights = 99, .obj = &b};
	struct handle_close_plan plan = {.slot = 1234};
	cairn_handle_t old = install(t, KIND_VMO, RIGHTS_ALL, &a);

	close_ok(t, old);
	ck_assert_int_eq(handle_lookup(t, old, KIND_NONE, 0, &e), ERR_BADHANDLE);
	ck_assert_int_eq(handle_close_decode(t, old, &plan), ERR_BADHANDLE);
	/* ret_* untouched on failure */
	ck_assert_uint_eq(plan.slot, 1234);
	ck_assert_ptr_eq(e.obj, &b);

	cairn_handle_t fresh = install(t, KIND_VMO, RIGHTS_ALL, &b);
	ck_assert_uint_eq(fresh & HANDLE_SLOT_MASK, old & HANDLE_SLOT_MASK);
	ck_assert_uint_ne(fresh, old);
	ck_assert_int_eq(handle_lookup(t, old, KIND_NONE, 0, &e), ERR_BADHANDLE);
	ck_assert_int_eq(handle_lookup(t, fresh, KIND_NONE, 0, &e), 0);
	ck_assert_ptr_eq(e.obj, &b);
	free(t);
}
END_TEST

START_TEST(test_forged_values)
{
	struct handle_table *t = new_table(NULL);
	struct handle_entry e;
	cairn_handle_t h = install(t, KIND_PROCESS, RIGHTS_ALL, t);
	uint32_t slot = h & HANDLE_SLOT_MASK;
	uint32_t gen = h >> HANDLE_SLOT_BITS;
	const cairn_handle_t forged[] = {
		0,
		h | 0x80000000u,
		0x80000000u,
		0xffffffffu,
		slot,						/* generation 0 */
		(gen << HANDLE_SLOT_BITS) | HANDLE_TABLE_SLOTS, /* slot out of range */
		(gen << HANDLE_SLOT_BITS) | HANDLE_SLOT_MASK,
		((gen + 1) << HANDLE_SLOT_BITS) | slot, /* right slot, wrong generation */
		(gen << HANDLE_SLOT_BITS) | (slot + 1), /* a free slot */
		0x12345678u,
		0x7fffff3fu,
	};

	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		struct handle_close_plan cp;
		struct handle_dup_plan dp;

		ck_assert_int_eq(handle_lookup(t, forged[i], KIND_NONE, 0, &e), ERR_BADHANDLE);
		ck_assert_int_eq(handle_close_decode(t, forged[i], &cp), ERR_BADHANDLE);
		ck_assert_int_eq(handle_dup_decode(t, forged[i], 0, &dp), ERR_BADHANDLE);
	}
	/* Random values: only the one live handle may ever pass. */
	srand(42);
	for (int i = 0; i < 100000; i++) {
		cairn_handle_t r = ((uint32_t)rand() << 16) ^ (uint32_t)rand();
		int want = r == h ? 0 : ERR_BADHANDLE;

		ck_assert_int_eq(handle_lookup(t, r, KIND_NONE, 0, &e), want);
	}
	free(t);
}
END_TEST

START_TEST(test_wrong_kind_and_missing_rights)
{
	struct handle_table *t = new_table(NULL);
	struct handle_entry e = {.kind = KIND_NONE};
	cairn_handle_t h = install(t, KIND_VMO, RIGHT_READ | RIGHT_MAP, NULL);

	ck_assert_int_eq(handle_lookup(t, h, KIND_PROCESS, 0, &e), ERR_WRONGTYPE);
	ck_assert_int_eq(handle_lookup(t, h, KIND_VMO, RIGHT_WRITE, &e), ERR_DENIED);
	ck_assert_int_eq(handle_lookup(t, h, KIND_VMO, RIGHT_READ | RIGHT_EXECUTE, &e), ERR_DENIED);
	/* wrong kind is reported before missing rights */
	ck_assert_int_eq(handle_lookup(t, h, KIND_THREAD, RIGHT_WRITE, &e), ERR_WRONGTYPE);
	ck_assert_int_eq(e.kind, KIND_NONE);
	ck_assert_int_eq(handle_lookup(t, h, KIND_VMO, RIGHT_READ | RIGHT_MAP, &e), 0);
	free(t);
}
END_TEST

START_TEST(test_dup_narrows_never_widens)
{
	struct handle_table *t = new_table(&counted_ops);
	struct counted obj = {.refs = 1};
	struct handle_dup_plan plan = {.rights = 777};
	struct handle_entry e;
	cairn_handle_t h = install(t, KIND_VMO, RIGHT_DUP | RIGHT_READ | RIGHT_WRITE, &obj);

	ck_assert_int_eq(handle_dup_decode(t, h, RIGHT_EXECUTE, &plan), ERR_DENIED);
	ck_assert_int_eq(handle_dup_decode(t, h, RIGHT_READ | RIGHT_MAP, &plan), ERR_DENIED);
	ck_assert_int_eq(handle_dup_decode(t, h, 1u << 20, &plan), ERR_INVAL);
	ck_assert_uint_eq(plan.rights, 777);

	ck_assert_int_eq(handle_dup_decode(t, h, RIGHT_READ, &plan), 0);
	cairn_handle_t d = handle_dup_perform(t, &plan);
	ck_assert_uint_ne(d, h);
	ck_assert_int_eq(obj.refs, 2);
	ck_assert_int_eq(handle_lookup(t, d, KIND_VMO, RIGHT_READ, &e), 0);
	ck_assert_ptr_eq(e.obj, &obj);
	ck_assert_int_eq(handle_lookup(t, d, KIND_VMO, RIGHT_WRITE, &e), ERR_DENIED);
	/* the copy lacks RIGHT_DUP, so it cannot be duplicated back up */
	ck_assert_int_eq(handle_dup_decode(t, d, RIGHT_READ, &plan), ERR_DENIED);
	ck_assert_int_eq(handle_dup_decode(t, d, 0, &plan), ERR_DENIED);

	close_ok(t, h);
	ck_assert_int_eq(obj.refs, 1);
	ck_assert_int_eq(obj.frees, 0);
	close_ok(t, d);
	ck_assert_int_eq(obj.frees, 1);
	free(t);
}
END_TEST

START_TEST(test_table_full)
{
	struct handle_table *t = new_table(NULL);
	struct handle_dup_plan plan;
	cairn_handle_t hs[HANDLE_TABLE_SLOTS];

	for (uint32_t i = 0; i < HANDLE_TABLE_SLOTS; i++)
		hs[i] = install(t, KIND_VMO, RIGHTS_ALL, NULL);
	ck_assert_uint_eq(handle_free_count(t), 0);
	ck_assert_int_eq(handle_alloc_check(t), ERR_NOSPC);
	ck_assert_uint_eq(handle_install(t, KIND_VMO, 0, NULL), CAIRN_HANDLE_INVALID);
	ck_assert_int_eq(handle_dup_decode(t, hs[3], RIGHT_READ, &plan), ERR_NOSPC);
	close_ok(t, hs[17]);
	ck_assert_int_eq(handle_alloc_check(t), 0);
	ck_assert_int_eq(handle_dup_decode(t, hs[3], RIGHT_READ, &plan), 0);
	ck_assert_uint_eq(plan.dst_slot, hs[17] & HANDLE_SLOT_MASK);
	free(t);
}
END_TEST

START_TEST(test_generation_wraps_without_zero)
{
	struct handle_table *t = new_table(NULL);
	struct handle_entry e;
	cairn_handle_t first = install(t, KIND_VMO, 0, NULL);
	cairn_handle_t h = first;

	ck_assert_uint_eq(first >> HANDLE_SLOT_BITS, 1);
	/* Millions of rounds: count failures, since a Check assert per round is slow. */
	uint32_t bad = 0;
	for (uint32_t i = 1; i < HANDLE_GEN_MAX; i++) {
		struct handle_close_plan plan;

		bad += handle_close_decode(t, h, &plan) != 0;
		handle_close_perform(t, &plan);
		h = handle_install(t, KIND_VMO, 0, NULL);
		bad += h == CAIRN_HANDLE_INVALID;
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(h >> HANDLE_SLOT_BITS, HANDLE_GEN_MAX);
	ck_assert_uint_eq(h & 0x80000000u, 0);
	close_ok(t, h);
	h = install(t, KIND_VMO, 0, NULL);
	ck_assert_uint_eq(h, first);
	ck_assert_int_eq(handle_lookup(t, h, KIND_VMO, 0, &e), 0);
	free(t);
}
END_TEST

START_TEST(test_close_all_gives_back_references)
{
	struct handle_table *t = new_table(&counted_ops);
	struct counted a = {.refs = 1};
	struct counted b = {.refs = 2};
	struct handle_entry e;

	install(t, KIND_VMO, RIGHTS_ALL, &a);
	cairn_handle_t hb = install(t, KIND_THREAD, RIGHTS_ALL, &b);
	install(t, KIND_THREAD, RIGHTS_ALL, &b);
	handle_table_close_all(t);
	ck_assert_int_eq(a.frees, 1);
	ck_assert_int_eq(b.frees, 1);
	ck_assert_uint_eq(handle_free_count(t), HANDLE_TABLE_SLOTS);
	ck_assert_int_eq(handle_lookup(t, hb, KIND_NONE, 0, &e), ERR_BADHANDLE);
	free(t);
}
END_TEST

START_TEST(test_badge_travels_with_dup_and_take)
{
	struct handle_table *a = new_table(&counted_ops);
	struct handle_table *b = new_table(&counted_ops);
	struct counted obj = {.refs = 1};
	struct handle_entry in = {KIND_ENDPOINT, RIGHT_DUP | RIGHT_SEND | RIGHT_TRANSFER, &obj,
				  0x77};
	struct handle_dup_plan plan;
	struct handle_entry e;
	cairn_handle_t h = handle_install_entry(a, &in);

	ck_assert_uint_ne(h, CAIRN_HANDLE_INVALID);
	ck_assert_int_eq(handle_dup_decode(a, h, RIGHT_SEND, &plan), 0);
	cairn_handle_t d = handle_dup_perform(a, &plan);
	ck_assert_int_eq(handle_lookup(a, d, KIND_ENDPOINT, RIGHT_SEND, &e), 0);
	ck_assert_uint_eq(e.badge, 0x77);
	ck_assert_int_eq(obj.refs, 2);

	/* take: the slot empties, the reference moves with the entry, no unref */
	handle_take(a, d, &e);
	ck_assert_int_eq(obj.refs, 2);
	ck_assert_int_eq(handle_lookup(a, d, KIND_NONE, 0, &e), ERR_BADHANDLE);
	handle_take(a, h, &e);
	ck_assert_uint_eq(e.badge, 0x77);
	cairn_handle_t moved = handle_install_entry(b, &e);
	ck_assert_int_eq(handle_lookup(b, moved, KIND_ENDPOINT, RIGHT_SEND, &e), 0);
	ck_assert_uint_eq(e.badge, 0x77);
	/* a stale or never-issued handle takes nothing */
	handle_take(a, h, &e);
	ck_assert_int_eq(e.kind, KIND_NONE);
	handle_table_close_all(b);
	ck_assert_int_eq(obj.refs, 1);
	ck_assert_int_eq(obj.frees, 0);
	free(a);
	free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("handle");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_install_lookup_close);
	tcase_add_test(tc, test_install_masks_rights_and_refuses_none);
	tcase_add_test(tc, test_stale_after_close_and_reuse);
	tcase_add_test(tc, test_forged_values);
	tcase_add_test(tc, test_wrong_kind_and_missing_rights);
	tcase_add_test(tc, test_dup_narrows_never_widens);
	tcase_add_test(tc, test_table_full);
	tcase_add_test(tc, test_generation_wraps_without_zero);
	tcase_add_test(tc, test_badge_travels_with_dup_and_take);
	tcase_add_test(tc, test_close_all_gives_back_references);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
