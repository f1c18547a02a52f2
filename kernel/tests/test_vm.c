/*
 * Host tests of the Sv39 helpers (cairn/pte.h) and the page-table code
 * (kernel/mm/vm.c), with heap pages playing physical frames: mapping and
 * lookup, W^X and flag refusals, the user window, range checks for uaccess,
 * the leaf walk, unmapping and freeing tables.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/vm.h"
#include "check_main.h"

static int tables_live;
static int tables_budget;

static pte_t *test_alloc(void *ctx)
{
	(void)ctx;
	if (tables_budget == 0)
		return NULL;
	tables_budget--;
	pte_t *t = aligned_alloc(PTE_PAGE_SIZE, PTE_PAGE_SIZE);
	ck_assert_ptr_nonnull(t);
	memset(t, 0, PTE_PAGE_SIZE);
	tables_live++;
	return t;
}

static void test_free(void *ctx, pte_t *t)
{
	(void)ctx;
	tables_live--;
	free(t);
}

static const struct vm_table_source src = {test_alloc, test_free, NULL};

static pte_t *new_root(void)
{
	tables_live = 0;
	tables_budget = 1000;
	return test_alloc(NULL);
}

static void drop_root(pte_t *root)
{
	vm_free_tables(root, 0, PTE_ENTRIES - 1, &src);
	test_free(NULL, root);
	ck_assert_int_eq(tables_live, 0);
}

#define UVA(n) (CAIRN_USER_BASE + (uint64_t)(n)*PTE_PAGE_SIZE)

START_TEST(test_pte_helpers)
{
	pte_t p = pte_make(0x80201000ULL, PTE_V | PTE_R | PTE_X);

	ck_assert_uint_eq(pte_pa(p), 0x80201000ULL);
	ck_assert(pte_is_leaf(p));
	ck_assert(!pte_is_leaf(pte_make(0x1000, PTE_V)));
	ck_assert(!pte_is_valid(pte_make(0x1000, PTE_R)));
	ck_assert_uint_eq(pte_index(0x80201000ULL, 2), 2);
	ck_assert_uint_eq(pte_index(0x80201000ULL, 1), 1);
	ck_assert_uint_eq(pte_index(0x80201000ULL, 0), 1);
	ck_assert_uint_eq(pte_satp(0x80400000ULL), (8ULL << 60) | 0x80400);
}
END_TEST

START_TEST(test_map_and_lookup)
{
	pte_t *root = new_root();

	ck_assert_int_eq(vm_map_page(root, 0x80200000ULL, 0x80200000ULL, PTE_R | PTE_X, &src), 0);
	const pte_t *leaf = vm_lookup(root, 0x80200000ULL);
	ck_assert_ptr_nonnull(leaf);
	ck_assert_uint_eq(pte_pa(*leaf), 0x80200000ULL);
	ck_assert_uint_eq(*leaf & (PTE_R | PTE_W | PTE_X | PTE_U), PTE_R | PTE_X);
	ck_assert_ptr_null(vm_lookup(root, 0x80201000ULL));
	ck_assert_int_eq(vm_map_page(root, 0x80200000ULL, 0x1000, PTE_R, &src), ERR_EXISTS);
	drop_root(root);
}
END_TEST

START_TEST(test_wx_and_bad_flags_refused)
{
	pte_t *root = new_root();

	ck_assert_int_eq(vm_map_page(root, 0x1000, 0x1000, PTE_R | PTE_W | PTE_X, &src), ERR_WX);
	ck_assert_int_eq(vm_map_page(root, 0x1000, 0x1000, PTE_W | PTE_X, &src), ERR_WX);
	ck_assert_int_eq(vm_map_page(root, 0x1000, 0x1000, PTE_W, &src), ERR_INVAL);
	ck_assert_int_eq(vm_map_page(root, 0x1000, 0x1000, PTE_U, &src), ERR_INVAL);
	ck_assert_int_eq(vm_map_page(root, 0x1001, 0x1000, PTE_R, &src), ERR_ALIGN);
	ck_assert_int_eq(vm_map_page(root, 0x1000, 0x1004, PTE_R, &src), ERR_ALIGN);
	ck_assert_int_eq(vm_map_page(root, 1ULL << 40, 0x1000, PTE_R, &src), ERR_RANGE);
	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x1000,
				     VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC, &src),
			 ERR_WX);
	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x1000, VM_PROT_WRITE, &src), ERR_INVAL);
	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x1000, 16, &src), ERR_INVAL);
	ck_assert_int_eq(tables_live, 1); /* nothing was built for refused calls */
	drop_root(root);
}
END_TEST

START_TEST(test_user_window_enforced)
{
	pte_t *root = new_root();

	ck_assert_int_eq(
		vm_map_user(root, CAIRN_USER_BASE - PTE_PAGE_SIZE, 0x1000, VM_PROT_READ, &src),
		ERR_RANGE);
	ck_assert_int_eq(vm_map_user(root, CAIRN_USER_END, 0x1000, VM_PROT_READ, &src), ERR_RANGE);
	ck_assert_int_eq(vm_map_user(root, 0x80200000ULL, 0x1000, VM_PROT_READ, &src), ERR_RANGE);
	ck_assert_int_eq(
		vm_map_user(root, CAIRN_USER_END - PTE_PAGE_SIZE, 0x1000, VM_PROT_READ, &src), 0);
	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x2000, VM_PROT_READ | VM_PROT_WRITE, &src), 0);
	ck_assert_uint_eq(*vm_lookup(root, UVA(0)) & (PTE_U | PTE_R | PTE_W | PTE_X),
			  PTE_U | PTE_R | PTE_W);
	drop_root(root);
}
END_TEST

START_TEST(test_user_range_checks)
{
	pte_t *root = new_root();

	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x1000, VM_PROT_READ | VM_PROT_WRITE, &src), 0);
	ck_assert_int_eq(vm_map_user(root, UVA(1), 0x2000, VM_PROT_READ, &src), 0);
	ck_assert(vm_user_range_ok(root, UVA(0), 2 * PTE_PAGE_SIZE, PTE_R));
	ck_assert(!vm_user_range_ok(root, UVA(0), 2 * PTE_PAGE_SIZE, PTE_W));
	ck_assert(vm_user_range_ok(root, UVA(0) + 100, 50, PTE_W));
	ck_assert(!vm_user_range_ok(root, UVA(1) + 4000, 200, PTE_R)); /* runs into page 2 */
	ck_assert(!vm_user_range_ok(root, UVA(0), UINT64_MAX, PTE_R)); /* wraps */
	ck_assert(!vm_user_range_ok(root, 0x80200000ULL, 8, PTE_R));
	ck_assert(vm_user_range_ok(root, UVA(5), 0, PTE_R));
	ck_assert(!vm_user_range_ok(root, CAIRN_USER_END, 0, PTE_R));
	/* a supervisor page inside the window is not a user page */
	ck_assert_int_eq(vm_map_page(root, UVA(3), 0x3000, PTE_R, &src), 0);
	ck_assert(!vm_user_range_ok(root, UVA(3), 1, PTE_R));
	drop_root(root);
}
END_TEST

/* A device mapping keeps its mark: the user-copy guard (uaccess_space.c) reads it from the leaf. */
START_TEST(test_device_mark_kept)
{
	pte_t *root = new_root();

	ck_assert_int_eq(vm_map_user(root, UVA(0), 0x10000000ULL,
				     VM_PROT_READ | VM_PROT_WRITE | VM_PROT_DEVICE, &src),
			 0);
	ck_assert_int_eq(vm_map_user(root, UVA(1), 0x2000, VM_PROT_READ | VM_PROT_WRITE, &src), 0);
	ck_assert((*vm_lookup(root, UVA(0)) & PTE_DEVICE) != 0);
	ck_assert((*vm_lookup(root, UVA(1)) & PTE_DEVICE) == 0);
	ck_assert_uint_eq(pte_pa(*vm_lookup(root, UVA(0))), 0x10000000ULL);
	drop_root(root);
}
END_TEST

struct leaf_count {
	int n;
	uint64_t last_va;
};

static void count_leaf(uint64_t va, pte_t leaf, void *ctx)
{
	struct leaf_count *c = ctx;

	ck_assert(pte_is_leaf(leaf));
	ck_assert_uint_ge(va, c->last_va);
	c->last_va = va;
	c->n++;
}

START_TEST(test_walk_unmap_and_nomem)
{
	pte_t *root = new_root();
	struct leaf_count c = {0, 0};
	uint64_t pa = 0;

	ck_assert_int_eq(vm_map_page(root, 0x2000, 0x2000, PTE_R, &src), 0);
	ck_assert_int_eq(vm_map_user(root, UVA(7), 0x7000, VM_PROT_READ, &src), 0);
	ck_assert_int_eq(vm_map_page(root, 0x80000000ULL, 0x9000, PTE_R | PTE_W, &src), 0);
	vm_for_each_leaf(root, count_leaf, &c);
	ck_assert_int_eq(c.n, 3);
	ck_assert_int_eq(vm_unmap_page(root, UVA(7), &pa), 0);
	ck_assert_uint_eq(pa, 0x7000);
	pa = 1;
	ck_assert_int_eq(vm_unmap_page(root, UVA(7), &pa), ERR_NOTFOUND);
	ck_assert_uint_eq(pa, 1);
	tables_budget = 0;
	ck_assert_int_eq(vm_map_user(root, UVA(1ULL << 20), 0x1000, VM_PROT_READ, &src), ERR_NOMEM);
	drop_root(root);
}
END_TEST

START_TEST(test_large_leaves)
{
	const uint64_t mib2 = pte_level_size(1);
	const uint64_t gib = pte_level_size(2);
	pte_t *root = new_root();
	struct leaf_count c = {0, 0};

	/* A 2 MiB leaf takes one table below the root, a 1 GiB leaf none. */
	ck_assert_int_eq(vm_map_leaf(root, 0x80200000ULL, 0x80200000ULL, 1, PTE_R | PTE_W, &src),
			 0);
	ck_assert_int_eq(tables_live, 2);
	ck_assert_int_eq(vm_map_leaf(root, gib, gib, 2, PTE_R | PTE_W, &src), 0);
	ck_assert_int_eq(tables_live, 2);
	/* Alignment of va and pa to the level, and the levels there are. */
	ck_assert_int_eq(vm_map_leaf(root, 0x80400000ULL + 0x1000, 0x80400000ULL, 1, PTE_R, &src),
			 ERR_ALIGN);
	ck_assert_int_eq(vm_map_leaf(root, 0x80400000ULL, 0x80401000ULL, 1, PTE_R, &src),
			 ERR_ALIGN);
	ck_assert_int_eq(vm_map_leaf(root, 0, 0, PTE_LEVELS, PTE_R, &src), ERR_INVAL);
	ck_assert_int_eq(vm_map_leaf(root, 0x80400000ULL, 0x80400000ULL, 1, PTE_W | PTE_X, &src),
			 ERR_WX);
	/* Where a leaf or a table already is, nothing is mapped over it. */
	ck_assert_int_eq(vm_map_leaf(root, 0x80200000ULL, 0x1000000ULL, 1, PTE_R, &src),
			 ERR_EXISTS);
	ck_assert_int_eq(vm_map_page(root, 0x80200000ULL + 0x3000, 0x3000, PTE_R, &src), ERR_NOMEM);
	ck_assert_int_eq(vm_map_leaf(root, 0x80000000ULL, 0x80000000ULL, 2, PTE_R, &src),
			 ERR_EXISTS);
	/* Page walks for 4 KiB pages do not see into a large leaf; the leaf walk visits it once. */
	ck_assert_ptr_null(vm_lookup(root, 0x80200000ULL + 0x5000));
	vm_for_each_leaf(root, count_leaf, &c);
	ck_assert_int_eq(c.n, 2);
	ck_assert_uint_eq(c.last_va, 0x80200000ULL); /* in address order: the GiB at 1 GiB first */
	ck_assert_uint_eq(mib2, 2ULL << 20);
	drop_root(root);
}
END_TEST

START_TEST(test_tables_for)
{
	ck_assert_uint_eq(vm_tables_for(0), 0);
	ck_assert_uint_eq(vm_tables_for(1), 4); /* a page may need a level-0 and a level-1 table */
	ck_assert_uint_eq(vm_tables_for(PTE_ENTRIES), 4);
	/* 513 pages meet two level-0 tables wherever they start; the rule, an upper bound, gives 3
	 * + 3 */
	ck_assert_uint_eq(vm_tables_for(PTE_ENTRIES + 1), 6);
}
END_TEST

static Suite *vm_suite(void)
{
	Suite *s = suite_create("vm");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pte_helpers);
	tcase_add_test(tc, test_map_and_lookup);
	tcase_add_test(tc, test_wx_and_bad_flags_refused);
	tcase_add_test(tc, test_user_window_enforced);
	tcase_add_test(tc, test_user_range_checks);
	tcase_add_test(tc, test_device_mark_kept);
	tcase_add_test(tc, test_walk_unmap_and_nomem);
	tcase_add_test(tc, test_tables_for);
	tcase_add_test(tc, test_large_leaves);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(vm_suite()));
}
