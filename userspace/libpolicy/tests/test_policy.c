/*
 * Host tests of libpolicy: the name rule, parsing rule text (comments, blank
 * lines, tabs and CRLF, wildcards, every malformed-line error with its line
 * number, the rule bound), deciding (deny by default, first allowing rule
 * named, wildcards, invalid names denied), the `decide` action that lets a
 * service ask policyd at all (its numbering, name, rules and decisions),
 * the audit line (exact text,
 * hostile names, sizes), and the badge-to-name table with its errors.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "policy.h"
#include "svcname.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */
#define RULES  4u

static struct policy_rule rules[RULES];

static const char good_text[] = "# samgrd lookups\n"
				"allow shell lookup logd\n"
				"\n"
				"  allow\t*\tlookup\tsamgrd   # everyone finds samgrd\r\n"
				"allow init register *\n"
				"allow shell list *";

static void parse_ok(struct policy *p, const char *text)
{
	uint32_t line = 99;

	ck_assert_int_eq(policy_parse(p, rules, RULES, S(text), &line), 0);
	ck_assert_uint_eq(line, 99); /* only set on failure */
}

static void parse_fails(const char *text, int want, uint32_t want_line)
{
	struct policy p;
	uint32_t line = 0;

	ck_assert_int_eq(policy_parse(&p, rules, RULES, S(text), &line), want);
	ck_assert_uint_eq(line, want_line);
	ck_assert_uint_eq(p.count, 0); /* a failed parse denies everything */
}

START_TEST(test_decide_check)
{
	ck_assert_int_eq(policy_decide_check(POLICY_LOOKUP, 4), 0);
	ck_assert_int_eq(policy_decide_check(POLICY_KILL, 4), 0);
	ck_assert_int_eq(policy_decide_check(POLICY_RUN, 3), 0);
	ck_assert_int_eq(policy_decide_check(POLICY_RUN, 0), ERR_INVAL); /* run, no program */
	ck_assert_int_eq(policy_decide_check(POLICY_LIST, 0), 0);
	ck_assert_int_eq(policy_decide_check(POLICY_SHUTDOWN, 0), 0);
	ck_assert_int_eq(policy_decide_check(POLICY_LIST, 4), ERR_INVAL); /* list with a name */
	ck_assert_int_eq(policy_decide_check(POLICY_SHUTDOWN, 4),
			 ERR_INVAL);					    /* shutdown with one */
	ck_assert_int_eq(policy_decide_check(POLICY_KILL, 0), ERR_INVAL);   /* kill, no name */
	ck_assert_int_eq(policy_decide_check(POLICY_LOOKUP, 0), ERR_INVAL); /* lookup, no name */
	/* decide is policyd's question about its caller, never asked over the wire */
	ck_assert_int_eq(policy_decide_check(POLICY_DECIDE, 0), ERR_INVAL);
	ck_assert_int_eq(policy_decide_check(POLICY_DECIDE, 4), ERR_INVAL);
	ck_assert_int_eq(policy_decide_check(POLICY_ACTIONS, 4), ERR_INVAL);
}
END_TEST

START_TEST(test_name_rule)
{
	char longest[SVCNAME_MAX + 1];

	memset(longest, 'a', sizeof(longest));
	ck_assert_int_eq(svcname_check(S("logd")), 0);
	ck_assert_int_eq(svcname_check(S("uart-0_x9")), 0);
	ck_assert_int_eq(svcname_check(S("a")), 0);
	ck_assert_int_eq(svcname_check(longest, SVCNAME_MAX), 0);
	ck_assert_int_eq(svcname_check(longest, SVCNAME_MAX + 1), ERR_TOOLONG);
	ck_assert_int_eq(svcname_check(S("")), ERR_INVAL);
	ck_assert_int_eq(svcname_check(NULL, 3), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("9lives")), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("-x")), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("Logd")), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("log.d")), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("log d")), ERR_INVAL);
	ck_assert_int_eq(svcname_check("lo\0d", 4), ERR_INVAL);
	ck_assert_int_eq(svcname_check(S("*")), ERR_INVAL);
}
END_TEST

START_TEST(test_parse_good_text)
{
	struct policy p;

	parse_ok(&p, good_text);
	ck_assert_uint_eq(p.count, 4);
	ck_assert_str_eq(p.rules[0].subject, "shell");
	ck_assert_uint_eq(p.rules[0].action, POLICY_LOOKUP);
	ck_assert_str_eq(p.rules[0].object, "logd");
	ck_assert_str_eq(p.rules[1].subject, "*");
	ck_assert_str_eq(p.rules[1].object, "samgrd");
	ck_assert_uint_eq(p.rules[2].action, POLICY_REGISTER);
	ck_assert_str_eq(p.rules[2].object, "*");
	ck_assert_uint_eq(p.rules[3].action, POLICY_LIST);
}
END_TEST

START_TEST(test_parse_empty_and_comments_only)
{
	struct policy p;
	uint32_t line = 7;

	parse_ok(&p, "");
	ck_assert_uint_eq(p.count, 0);
	parse_ok(&p, "# nothing\n\n   \n#allow shell lookup logd\n");
	ck_assert_uint_eq(p.count, 0);
	ck_assert_int_eq(policy_parse(&p, rules, RULES, NULL, 0, &line), 0);
	ck_assert_uint_eq(p.count, 0);
}
END_TEST

START_TEST(test_parse_malformed_lines)
{
	char long_object[64] = "allow shell lookup ";

	parse_fails("allow shell lookup\n", ERR_INVAL, 1);
	parse_fails("allow shell lookup logd extra\n", ERR_INVAL, 1);
	parse_fails("# ok\n\ndeny shell lookup logd\n", ERR_INVAL, 3);
	parse_fails("allow shell lookup logd\nallow shell fetch logd\n", ERR_INVAL, 2);
	parse_fails("allow Shell lookup logd", ERR_INVAL, 1);
	parse_fails("allow shell lookup log.d", ERR_INVAL, 1);
	parse_fails("allow shell LOOKUP logd", ERR_INVAL, 1);
	parse_fails("allow ** lookup logd", ERR_INVAL, 1);
	parse_fails("allow shell lookup lo\001gd", ERR_INVAL, 1);
	parse_fails("allowshell lookup logd", ERR_INVAL, 1);
	parse_fails("allow shell lookup logd\nallow shell decide logd\n", ERR_INVAL, 2);
	parse_fails("allow shell decide", ERR_INVAL, 1);
	memset(long_object + strlen(long_object), 'o', SVCNAME_MAX + 1);
	parse_fails(long_object, ERR_TOOLONG, 1);
}
END_TEST

START_TEST(test_parse_rule_bound)
{
	struct policy p;
	const char *five = "allow a lookup b\nallow a lookup c\nallow a lookup d\n"
			   "allow a lookup e\n# fine so far\nallow a lookup f\n";

	parse_fails(five, ERR_NOSPC, 6);
	parse_ok(&p, "allow a lookup b\nallow a lookup c\nallow a lookup d\nallow a lookup e\n");
	ck_assert_uint_eq(p.count, RULES);
}
END_TEST

START_TEST(test_parse_bad_storage)
{
	struct policy p = {.count = 5};
	uint32_t line = 9;

	ck_assert_int_eq(policy_parse(&p, NULL, RULES, S(good_text), &line), ERR_INVAL);
	ck_assert_uint_eq(line, 0);
	ck_assert_uint_eq(p.count, 5);
	line = 9;
	ck_assert_int_eq(policy_parse(&p, rules, 0, S(good_text), &line), ERR_INVAL);
	ck_assert_uint_eq(line, 0);
	ck_assert_int_eq(policy_parse(&p, rules, RULES, NULL, 4, &line), ERR_INVAL);
}
END_TEST

START_TEST(test_decide)
{
	struct policy p;
	struct policy_decision d;

	parse_ok(&p, good_text);
	d = policy_decide(&p, S("shell"), POLICY_LOOKUP, S("logd"));
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 0);
	d = policy_decide(&p, S("uartd"), POLICY_LOOKUP, S("samgrd"));
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 1);
	d = policy_decide(&p, S("init"), POLICY_REGISTER, S("anything"));
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 2);
	/* deny by default: wrong subject, wrong action, wrong object */
	d = policy_decide(&p, S("uartd"), POLICY_LOOKUP, S("logd"));
	ck_assert(!d.allow);
	ck_assert_int_eq(d.rule, POLICY_NO_RULE);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_UNREGISTER, S("logd")).allow);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_LOOKUP, S("logdx")).allow);
	ck_assert(!policy_decide(&p, S("shel"), POLICY_LOOKUP, S("logd")).allow);
}
END_TEST

START_TEST(test_may_ask)
{
	struct policy p;
	struct policy_decision d;

	parse_ok(&p, "allow shell decide *\n");
	d = policy_may_ask(&p, true, NULL); /* the supervisor: always, bound name or not */
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, POLICY_NO_RULE);
	ck_assert(policy_may_ask(&p, true, "logd").allow);
	d = policy_may_ask(&p, false, "shell");
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 0);
	ck_assert(!policy_may_ask(&p, false, "logd").allow); /* no rule for it */
	ck_assert(!policy_may_ask(&p, false, NULL).allow);   /* no bound name */
	parse_ok(&p, "");
	ck_assert(!policy_may_ask(&p, false, "shell").allow); /* deny by default */
}
END_TEST

START_TEST(test_decide_first_rule_wins)
{
	struct policy p;

	parse_ok(&p, "allow * lookup *\nallow shell lookup logd\n");
	ck_assert_int_eq(policy_decide(&p, S("shell"), POLICY_LOOKUP, S("logd")).rule, 0);
}
END_TEST

START_TEST(test_decide_empty_object_and_bad_input)
{
	struct policy p;

	parse_ok(&p, good_text);
	ck_assert_int_eq(policy_decide(&p, S("shell"), POLICY_LIST, NULL, 0).rule, 3);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_LOOKUP, NULL, 0).allow); /* no "*" rule */
	parse_ok(&p, "allow * lookup *\n");
	ck_assert(!policy_decide(&p, S("*"), POLICY_LOOKUP, S("logd")).allow);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_LOOKUP, S("*")).allow);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_LOOKUP, S("Logd")).allow);
	ck_assert(!policy_decide(&p, NULL, 0, POLICY_LOOKUP, S("logd")).allow);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_ACTIONS, S("logd")).allow);
	ck_assert(policy_decide(&p, S("shell"), POLICY_LOOKUP, S("logd")).allow);
}
END_TEST

/* The numbers are the DECIDE wire's (svc/policy.h): the old ones stay, new ones come after. */
START_TEST(test_action_numbers_and_names)
{
	static const char *const names[] = {"lookup", "register", "unregister", "list",
					    "decide", "kill",	  "shutdown",	"read",
					    "write",  "sign",	  "run"};

	ck_assert_int_eq(POLICY_LOOKUP, 0);
	ck_assert_int_eq(POLICY_REGISTER, 1);
	ck_assert_int_eq(POLICY_UNREGISTER, 2);
	ck_assert_int_eq(POLICY_LIST, 3);
	ck_assert_int_eq(POLICY_DECIDE, 4);
	ck_assert_int_eq(POLICY_KILL, 5);
	ck_assert_int_eq(POLICY_SHUTDOWN, 6);
	ck_assert_int_eq(POLICY_READ, 7);
	ck_assert_int_eq(POLICY_WRITE, 8);
	ck_assert_int_eq(POLICY_SIGN, 9);
	ck_assert_int_eq(POLICY_RUN, 10);
	ck_assert_int_eq(POLICY_ACTIONS, 11);
	for (unsigned a = 0; a < POLICY_ACTIONS; a++)
		ck_assert_str_eq(policy_action_name(a), names[a]);
	ck_assert_ptr_null(policy_action_name(POLICY_ACTIONS));
	ck_assert_ptr_null(policy_action_name(~0u));
}
END_TEST

/* run names a program of the boot image: the shell may start those a rule names, no other. */
START_TEST(test_run_action)
{
	struct policy p;
	struct policy_decision d;

	parse_ok(&p, "allow shell run lua\nallow shell run runprobe\nallow * lookup log\n");
	ck_assert_uint_eq(p.rules[0].action, POLICY_RUN);
	d = policy_decide(&p, S("shell"), POLICY_RUN, S("runprobe"));
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 1);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_RUN, S("spinner")).allow);
	ck_assert(!policy_decide(&p, S("uartd"), POLICY_RUN, S("lua")).allow);
	/* run is not lookup, nor lookup run */
	ck_assert(!policy_decide(&p, S("shell"), POLICY_RUN, S("log")).allow);
	ck_assert(!policy_decide(&p, S("shell"), POLICY_LOOKUP, S("lua")).allow);
}
END_TEST

/* Who may ask: policyd asks `decide` about the caller with no object, as it does for `list`. */
START_TEST(test_decide_action)
{
	struct policy p;
	struct policy_decision d;

	parse_ok(&p, "allow * lookup log\nallow samgrd decide *\n"
		     "allow\tshell\tdecide\t*  # the shell's policy command\n");
	ck_assert_uint_eq(p.count, 3);
	ck_assert_uint_eq(p.rules[1].action, POLICY_DECIDE);
	ck_assert_str_eq(p.rules[1].object, "*");
	d = policy_decide(&p, S("samgrd"), POLICY_DECIDE, NULL, 0);
	ck_assert(d.allow);
	ck_assert_int_eq(d.rule, 1);
	ck_assert_int_eq(policy_decide(&p, S("shell"), POLICY_DECIDE, "", 0).rule, 2);
	/* no decide rule for it: may not ask, though it may look up */
	d = policy_decide(&p, S("uartd"), POLICY_DECIDE, NULL, 0);
	ck_assert(!d.allow);
	ck_assert_int_eq(d.rule, POLICY_NO_RULE);
	ck_assert(policy_decide(&p, S("uartd"), POLICY_LOOKUP, S("log")).allow);
	/* decide does not stand in for the registry's actions, nor they for it */
	ck_assert(!policy_decide(&p, S("samgrd"), POLICY_LIST, NULL, 0).allow);
	ck_assert(!policy_decide(&p, S("samgrd"), POLICY_LOOKUP, S("uart")).allow);
	parse_ok(&p, "allow * lookup *\nallow init list *\n");
	ck_assert(!policy_decide(&p, S("samgrd"), POLICY_DECIDE, NULL, 0).allow);
	ck_assert(!policy_decide(&p, S("init"), POLICY_DECIDE, NULL, 0).allow);
	/* a wildcard subject lets every named service ask */
	parse_ok(&p, "allow * decide *\n");
	ck_assert_int_eq(policy_decide(&p, S("logd"), POLICY_DECIDE, NULL, 0).rule, 0);
	ck_assert(!policy_decide(&p, S("Logd"), POLICY_DECIDE, NULL, 0).allow);
}
END_TEST

START_TEST(test_audit_lines)
{
	struct policy_audit a = {.badge = 0x2a,
				 .subject = "shell",
				 .action = POLICY_LOOKUP,
				 .object = "logd",
				 .decision = {.allow = true, .rule = 12}};
	char buf[POLICY_AUDIT_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "allow badge=0x000000000000002a subject=shell action=lookup "
			      "object=logd rule=12");
	ck_assert_uint_eq(len, strlen(buf));
	a.decision = (struct policy_decision){.allow = false, .rule = POLICY_NO_RULE};
	a.subject = NULL;
	a.object = "bad\nname";
	a.action = 99;
	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf,
			 "deny badge=0x000000000000002a subject=? action=? object=? rule=none");
	a.object = "";
	a.action = POLICY_LIST;
	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf,
			 "deny badge=0x000000000000002a subject=? action=list object=- rule=none");
	/* a refused asker, as policyd audits it */
	a.subject = "uartd";
	a.action = POLICY_DECIDE;
	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(
		buf,
		"deny badge=0x000000000000002a subject=uartd action=decide object=- rule=none");
}
END_TEST

START_TEST(test_audit_sizes)
{
	char name[SVCNAME_MAX + 1];
	struct policy_audit a = {.badge = UINT64_MAX,
				 .subject = name,
				 .action = POLICY_UNREGISTER,
				 .object = name,
				 .decision = {.allow = true, .rule = INT32_MAX}};
	char buf[POLICY_AUDIT_MAX + 1];
	size_t len = 0;

	memset(name, 'z', SVCNAME_MAX);
	name[SVCNAME_MAX] = '\0';
	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, POLICY_AUDIT_MAX);
	len = 7;
	buf[0] = '#';
	ck_assert_int_eq(policy_audit_format(&a, buf, sizeof(buf) - 1, &len), ERR_NOSPC);
	ck_assert_int_eq(buf[0], '#');
	ck_assert_uint_eq(len, 7);
	ck_assert_int_eq(policy_audit_format(&a, NULL, 0, &len), ERR_NOSPC);
}
END_TEST

START_TEST(test_badges)
{
	struct policy_badge entries[2];
	struct policy_badges map;
	const char *name = "unchanged";

	ck_assert_int_eq(policy_badges_init(&map, entries, 2), 0);
	ck_assert_int_eq(policy_badges_add(&map, 7, S("shell")), 0);
	ck_assert_int_eq(policy_badges_add(&map, 8, S("shell")), 0); /* two badges, one name */
	ck_assert_int_eq(policy_badges_name(&map, 7, &name), 0);
	ck_assert_str_eq(name, "shell");
	ck_assert_int_eq(policy_badges_remove(&map, 7), 0);
	name = "unchanged";
	ck_assert_int_eq(policy_badges_name(&map, 7, &name), ERR_NOTFOUND);
	ck_assert_str_eq(name, "unchanged");
	ck_assert_int_eq(policy_badges_name(&map, 8, &name), 0);
	ck_assert_str_eq(name, "shell");
}
END_TEST

START_TEST(test_badges_errors)
{
	struct policy_badge entries[2];
	struct policy_badges map;
	char long_name[SVCNAME_MAX + 1];

	memset(long_name, 'a', sizeof(long_name));
	ck_assert_int_eq(policy_badges_init(&map, NULL, 2), ERR_INVAL);
	ck_assert_int_eq(policy_badges_init(&map, entries, 0), ERR_INVAL);
	ck_assert_int_eq(policy_badges_init(&map, entries, 2), 0);
	ck_assert_int_eq(policy_badges_add(&map, 0, S("shell")), ERR_INVAL);
	ck_assert_int_eq(policy_badges_add(&map, 1, S("Shell")), ERR_INVAL);
	ck_assert_int_eq(policy_badges_add(&map, 1, long_name, sizeof(long_name)), ERR_TOOLONG);
	ck_assert_int_eq(policy_badges_add(&map, 1, long_name, SVCNAME_MAX), 0);
	ck_assert_int_eq(policy_badges_add(&map, 1, S("logd")), ERR_BUSY);
	ck_assert_int_eq(policy_badges_add(&map, 2, S("logd")), 0);
	ck_assert_int_eq(policy_badges_add(&map, 3, S("uartd")), ERR_NOSPC);
	ck_assert_uint_eq(map.count, 2);
	ck_assert_int_eq(policy_badges_remove(&map, 3), ERR_NOTFOUND);
	ck_assert_int_eq(policy_badges_remove(&map, 1), 0);
	ck_assert_int_eq(policy_badges_add(&map, 3, S("uartd")), 0); /* room again */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_decide_check);
	tcase_add_test(tc, test_name_rule);
	tcase_add_test(tc, test_may_ask);
	tcase_add_test(tc, test_parse_good_text);
	tcase_add_test(tc, test_parse_empty_and_comments_only);
	tcase_add_test(tc, test_parse_malformed_lines);
	tcase_add_test(tc, test_parse_rule_bound);
	tcase_add_test(tc, test_parse_bad_storage);
	tcase_add_test(tc, test_decide);
	tcase_add_test(tc, test_decide_first_rule_wins);
	tcase_add_test(tc, test_decide_empty_object_and_bad_input);
	tcase_add_test(tc, test_action_numbers_and_names);
	tcase_add_test(tc, test_decide_action);
	tcase_add_test(tc, test_run_action);
	tcase_add_test(tc, test_audit_lines);
	tcase_add_test(tc, test_audit_sizes);
	tcase_add_test(tc, test_badges);
	tcase_add_test(tc, test_badges_errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
