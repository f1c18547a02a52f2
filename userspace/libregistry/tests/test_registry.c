/*
 * Host tests of libregistry: registering and looking up, names kept in
 * order, the owner's re-registration replacing the slot, every refusal
 * (bad names, owner 0, another owner's name, a full table), unregistering
 * by the owner only, dropping everything an ended service held, listing
 * page by page, and the `svc` line.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "registry.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */
#define CAP    4u

static struct registry_entry entries[CAP];

static void make_registry(struct registry *reg)
{
	ck_assert_int_eq(registry_init(reg, entries, CAP), 0);
}

static void add(struct registry *reg, const char *name, uint64_t owner, uint32_t slot)
{
	ck_assert_int_eq(registry_register(reg, S(name), owner, slot, NULL), 0);
}

START_TEST(test_init_errors)
{
	struct registry reg = {.count = 3};

	ck_assert_int_eq(registry_init(&reg, NULL, CAP), ERR_INVAL);
	ck_assert_int_eq(registry_init(&reg, entries, 0), ERR_INVAL);
	ck_assert_uint_eq(reg.count, 3);
}
END_TEST

START_TEST(test_register_and_lookup)
{
	struct registry reg;
	struct registry_entry e;
	struct registry_change change = {.replaced = true, .old_slot = 9};

	make_registry(&reg);
	ck_assert_int_eq(registry_register(&reg, S("uartd"), 3, 11, &change), 0);
	ck_assert(!change.replaced);
	add(&reg, "logd", 2, 10);
	add(&reg, "policyd", 4, 12);
	ck_assert_int_eq(registry_lookup(&reg, S("logd"), &e), 0);
	ck_assert_str_eq(e.name, "logd");
	ck_assert_uint_eq(e.owner, 2);
	ck_assert_uint_eq(e.slot, 10);
	ck_assert_int_eq(registry_lookup(&reg, S("uartd"), &e), 0);
	ck_assert_uint_eq(e.slot, 11);
	/* kept sorted whatever the order of registration */
	ck_assert_str_eq(reg.entries[0].name, "logd");
	ck_assert_str_eq(reg.entries[1].name, "policyd");
	ck_assert_str_eq(reg.entries[2].name, "uartd");
}
END_TEST

START_TEST(test_lookup_misses_and_bad_names)
{
	struct registry reg;
	struct registry_entry e = {.slot = 77};
	char long_name[SVCNAME_MAX + 1];

	memset(long_name, 'a', sizeof(long_name));
	make_registry(&reg);
	ck_assert_int_eq(registry_lookup(&reg, S("logd"), &e), ERR_NOTFOUND);
	add(&reg, "logd", 2, 10);
	add(&reg, "log", 2, 13); /* a prefix is a different name */
	ck_assert_int_eq(registry_lookup(&reg, S("lo"), &e), ERR_NOTFOUND);
	ck_assert_int_eq(registry_lookup(&reg, S("logdd"), &e), ERR_NOTFOUND);
	ck_assert_int_eq(registry_lookup(&reg, S("Logd"), &e), ERR_INVAL);
	ck_assert_int_eq(registry_lookup(&reg, NULL, 0, &e), ERR_INVAL);
	ck_assert_int_eq(registry_lookup(&reg, long_name, sizeof(long_name), &e), ERR_TOOLONG);
	ck_assert_uint_eq(e.slot, 77);
	ck_assert_int_eq(registry_lookup(&reg, S("log"), &e), 0);
	ck_assert_uint_eq(e.slot, 13);
}
END_TEST

START_TEST(test_register_refusals)
{
	struct registry reg;
	struct registry_change change = {.old_slot = 55};
	char longest[SVCNAME_MAX + 1];

	memset(longest, 'q', sizeof(longest));
	make_registry(&reg);
	ck_assert_int_eq(registry_register(&reg, S("logd"), 0, 1, &change), ERR_INVAL);
	ck_assert_int_eq(registry_register(&reg, S("log d"), 2, 1, &change), ERR_INVAL);
	ck_assert_int_eq(registry_register(&reg, S(""), 2, 1, &change), ERR_INVAL);
	ck_assert_int_eq(registry_register(&reg, longest, sizeof(longest), 2, 1, &change),
			 ERR_TOOLONG);
	ck_assert_int_eq(registry_register(&reg, longest, SVCNAME_MAX, 2, 1, &change), 0);
	add(&reg, "logd", 2, 10);
	change.old_slot = 55;
	ck_assert_int_eq(registry_register(&reg, S("logd"), 3, 20, &change), ERR_BUSY);
	ck_assert_uint_eq(change.old_slot, 55);
	add(&reg, "a", 3, 1);
	add(&reg, "b", 3, 2);
	ck_assert_int_eq(registry_register(&reg, S("c"), 3, 3, &change), ERR_NOSPC);
	ck_assert_uint_eq(reg.count, CAP);
}
END_TEST

START_TEST(test_owner_replaces_after_restart)
{
	struct registry reg;
	struct registry_entry e;
	struct registry_change change = {0};

	make_registry(&reg);
	add(&reg, "a", 1, 1);
	add(&reg, "b", 1, 2);
	add(&reg, "logd", 2, 10);
	add(&reg, "z", 1, 3); /* full */
	ck_assert_int_eq(registry_register(&reg, S("logd"), 2, 30, &change), 0);
	ck_assert(change.replaced);
	ck_assert_uint_eq(change.old_slot, 10);
	ck_assert_uint_eq(reg.count, CAP); /* replaced in place, even when full */
	ck_assert_int_eq(registry_lookup(&reg, S("logd"), &e), 0);
	ck_assert_uint_eq(e.slot, 30);
}
END_TEST

START_TEST(test_free_slot)
{
	struct registry reg;
	uint32_t slot = 99;

	make_registry(&reg);
	ck_assert_int_eq(registry_free_slot(&reg, &slot), 0);
	ck_assert_uint_eq(slot, 0);
	add(&reg, "a", 1, 0);
	add(&reg, "b", 1, 2);
	ck_assert_int_eq(registry_free_slot(&reg, &slot), 0);
	ck_assert_uint_eq(slot, 1); /* the lowest one no entry leads to */
	add(&reg, "c", 1, 1);
	add(&reg, "d", 1, 3);
	slot = 99;
	ck_assert_int_eq(registry_free_slot(&reg, &slot), ERR_NOSPC);
	ck_assert_uint_eq(slot, 99); /* untouched */
	ck_assert_int_eq(registry_unregister(&reg, S("b"), 1, &slot), 0);
	ck_assert_int_eq(registry_free_slot(&reg, &slot), 0);
	ck_assert_uint_eq(slot, 2); /* freed by the unregister */
}
END_TEST

START_TEST(test_unregister)
{
	struct registry reg;
	struct registry_entry e;
	uint32_t slot = 99;

	make_registry(&reg);
	add(&reg, "logd", 2, 10);
	add(&reg, "uartd", 3, 11);
	ck_assert_int_eq(registry_unregister(&reg, S("logd"), 3, &slot), ERR_DENIED);
	ck_assert_int_eq(registry_unregister(&reg, S("nope"), 2, &slot), ERR_NOTFOUND);
	ck_assert_int_eq(registry_unregister(&reg, S("No"), 2, &slot), ERR_INVAL);
	ck_assert_uint_eq(slot, 99);
	ck_assert_int_eq(registry_unregister(&reg, S("logd"), 2, &slot), 0);
	ck_assert_uint_eq(slot, 10);
	ck_assert_int_eq(registry_lookup(&reg, S("logd"), &e), ERR_NOTFOUND);
	ck_assert_int_eq(registry_lookup(&reg, S("uartd"), &e), 0);
	ck_assert_uint_eq(reg.count, 1);
	add(&reg, "logd", 3, 12); /* the name is free for anyone now */
}
END_TEST

START_TEST(test_drop_owner)
{
	struct registry reg;
	uint32_t slots[CAP] = {0};
	uint32_t n = 99;

	make_registry(&reg);
	add(&reg, "a", 5, 1);
	add(&reg, "b", 6, 2);
	add(&reg, "c", 5, 3);
	ck_assert_int_eq(registry_drop_owner(&reg, 5, slots, 1, &n), ERR_NOSPC);
	ck_assert_int_eq(registry_drop_owner(&reg, 5, NULL, 2, &n), ERR_INVAL);
	ck_assert_uint_eq(n, 99);
	ck_assert_uint_eq(reg.count, 3);
	ck_assert_int_eq(registry_drop_owner(&reg, 5, slots, 2, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(slots[0], 1);
	ck_assert_uint_eq(slots[1], 3);
	ck_assert_uint_eq(reg.count, 1);
	ck_assert_str_eq(reg.entries[0].name, "b");
	ck_assert_int_eq(registry_drop_owner(&reg, 5, NULL, 0, &n), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_list_pages)
{
	struct registry reg;
	struct registry_entry page[2];
	uint32_t n = 99;

	make_registry(&reg);
	ck_assert_int_eq(registry_list(&reg, NULL, 0, page, 2, &n), 0);
	ck_assert_uint_eq(n, 0);
	add(&reg, "samgrd", 1, 4);
	add(&reg, "logd", 2, 5);
	add(&reg, "uartd", 3, 6);
	ck_assert_int_eq(registry_list(&reg, NULL, 0, page, 2, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(page[0].name, "logd");
	ck_assert_str_eq(page[1].name, "samgrd");
	ck_assert_int_eq(registry_list(&reg, S("samgrd"), page, 2, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(page[0].name, "uartd");
	ck_assert_int_eq(registry_list(&reg, S("uartd"), page, 2, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* a name that is not registered still places the page */
	ck_assert_int_eq(registry_list(&reg, S("m"), page, 2, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(page[0].name, "samgrd");
	n = 99;
	ck_assert_int_eq(registry_list(&reg, NULL, 0, NULL, 1, &n), ERR_INVAL);
	ck_assert_int_eq(registry_list(&reg, NULL, 3, page, 2, &n), ERR_INVAL);
	ck_assert_uint_eq(n, 99);
}
END_TEST

START_TEST(test_format_entry)
{
	struct registry_entry e = {.name = "logd", .owner = 0x2, .slot = 10};
	char buf[REGISTRY_LINE_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(registry_format_entry(&e, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "logd slot=10 owner=0x0000000000000002");
	ck_assert_uint_eq(len, strlen(buf));
	len = 5;
	buf[0] = '#';
	ck_assert_int_eq(registry_format_entry(
				 &e, buf, strlen("logd slot=10 owner=0x0000000000000002"), &len),
			 ERR_NOSPC);
	ck_assert_int_eq(buf[0], '#');
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(registry_format_entry(&e, NULL, 0, &len), ERR_NOSPC);
	memset(e.name, 'x', sizeof(e.name)); /* no NUL */
	ck_assert_int_eq(registry_format_entry(&e, buf, sizeof(buf), &len), ERR_INVAL);
	memcpy(e.name, "Bad", 4);
	ck_assert_int_eq(registry_format_entry(&e, buf, sizeof(buf), &len), ERR_INVAL);
}
END_TEST

START_TEST(test_format_worst_case)
{
	struct registry_entry e = {.owner = UINT64_MAX, .slot = UINT32_MAX};
	char buf[REGISTRY_LINE_MAX + 1];
	size_t len = 0;

	memset(e.name, 'n', SVCNAME_MAX);
	ck_assert_int_eq(registry_format_entry(&e, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, REGISTRY_LINE_MAX);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_register_and_lookup);
	tcase_add_test(tc, test_lookup_misses_and_bad_names);
	tcase_add_test(tc, test_register_refusals);
	tcase_add_test(tc, test_owner_replaces_after_restart);
	tcase_add_test(tc, test_free_slot);
	tcase_add_test(tc, test_unregister);
	tcase_add_test(tc, test_drop_owner);
	tcase_add_test(tc, test_list_pages);
	tcase_add_test(tc, test_format_entry);
	tcase_add_test(tc, test_format_worst_case);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
