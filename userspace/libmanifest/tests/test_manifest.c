/*
 * Host tests of libmanifest: a good manifest read back field by field
 * (comments, blank lines, tabs, CRLF, keys in any order, forward `after`),
 * the start order (file order among ready services, forward and diamond
 * dependencies), every error with its code, line and reason, the `serves`
 * rules (an endpoint, listed, served once, every endpoint used served), the
 * bounds (services, handles, name lengths, reason length), the lookups,
 * when a restart policy starts an ended service again, and args= (its
 * words, an empty list, its bounds and the handle it takes).
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "manifest.h"

#define S(str) (str), strlen(str) /* a C string as (bytes, length) */
#define CAP    4u

static struct manifest_service services[MANIFEST_SERVICES_MAX];

static const char good_text[] =
	"# Cairn boot manifest\n"
	"service logd    program=logd    restart=always   after=     serves=log  "
	"handles=log,console\n"
	"\n"
	"service policyd program=policyd restart=always   after=logd serves=policy "
	"handles=console,log,policy\n"
	"  service\tuartd\thandles=uart-mmio,uart-irq,uart\tafter=logd,policyd restart=on-crash "
	"serves=uart program=uartd.v2 # a driver\r\n"
	"service shell handles=uart restart=never serves= program=sh after=uartd";

/* snprintf that must fit; the bytes written. */
static size_t put(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static size_t put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	ck_assert_uint_lt((size_t)n, size);
	return (size_t)n;
}

static void parse_ok(struct manifest *m, const char *text, uint32_t capacity)
{
	struct manifest_error err = {.code = 7, .line = 7, .reason = "untouched"};
	int rc = manifest_parse(m, services, capacity, S(text), &err);

	ck_assert_msg(rc == 0, "parse failed: %d line %u: %s", rc, err.line, err.reason);
	ck_assert_int_eq(err.code, 7); /* only written on failure */
	ck_assert_uint_eq(err.line, 7);
	ck_assert_str_eq(err.reason, "untouched");
}

/* Fails with `code` on `line`, and the reason contains `reason`. */
static void parse_fails(const char *text, int code, uint32_t line, const char *reason)
{
	struct manifest m;
	struct manifest_error err;

	memset(&err, 0x5a, sizeof(err));
	ck_assert_int_eq(manifest_parse(&m, services, CAP, S(text), &err), code);
	ck_assert_int_eq(err.code, code);
	ck_assert_uint_eq(err.line, line);
	ck_assert_msg(strstr(err.reason, reason) != NULL, "reason '%s' lacks '%s'", err.reason,
		      reason);
	ck_assert_uint_eq(m.count, 0); /* a failed parse holds no service */
}

static void assert_order(const struct manifest *m, const char *const *names, uint32_t count)
{
	ck_assert_uint_eq(m->count, count);
	for (uint32_t i = 0; i < count; i++)
		ck_assert_str_eq(m->services[m->order[i]].name, names[i]);
}

START_TEST(test_good_manifest)
{
	struct manifest m;
	const struct manifest_service *s;

	parse_ok(&m, good_text, CAP);
	ck_assert_uint_eq(m.count, 4);
	s = &m.services[0];
	ck_assert_str_eq(s->name, "logd");
	ck_assert_str_eq(s->program, "logd");
	ck_assert_uint_eq(s->line, 2);
	ck_assert_uint_eq(s->restart, MANIFEST_RESTART_ALWAYS);
	ck_assert_uint_eq(s->after, 0);
	ck_assert_uint_eq(s->serves, MANIFEST_H_LOG);
	ck_assert_uint_eq(s->handle_count, 2);
	ck_assert_uint_eq(s->handles[0], MANIFEST_H_LOG);
	ck_assert_uint_eq(s->handles[1], MANIFEST_H_CONSOLE);
	s = &m.services[1];
	ck_assert_uint_eq(s->line, 4);
	ck_assert_uint_eq(s->after, 1u << 0);
	ck_assert_uint_eq(s->serves, MANIFEST_H_POLICY);
	ck_assert_uint_eq(s->handle_count, 3);
	ck_assert_uint_eq(s->handles[1], MANIFEST_H_LOG);
	s = &m.services[2];
	ck_assert_str_eq(s->name, "uartd");
	ck_assert_str_eq(s->program, "uartd.v2");
	ck_assert_uint_eq(s->line, 5);
	ck_assert_uint_eq(s->restart, MANIFEST_RESTART_ON_CRASH);
	ck_assert_uint_eq(s->after, (1u << 0) | (1u << 1));
	ck_assert_uint_eq(s->serves, MANIFEST_H_UART);
	ck_assert_uint_eq(s->handle_count, 3);
	ck_assert_uint_eq(s->handles[0], MANIFEST_H_UART_MMIO);
	ck_assert_uint_eq(s->handles[1], MANIFEST_H_UART_IRQ);
	ck_assert_uint_eq(s->handles[2], MANIFEST_H_UART);
	s = &m.services[3];
	ck_assert_str_eq(s->program, "sh");
	ck_assert_uint_eq(s->line, 6); /* the last line has no newline */
	ck_assert_uint_eq(s->restart, MANIFEST_RESTART_NEVER);
	ck_assert_uint_eq(s->serves, MANIFEST_SERVES_NONE);
	ck_assert_uint_eq(s->handle_count, 1);
	ck_assert_uint_eq(s->after, 1u << 2);
}
END_TEST

START_TEST(test_order_follows_file_when_free)
{
	static const char *const want[] = {"logd", "policyd", "uartd", "shell"};
	struct manifest m;

	parse_ok(&m, good_text, CAP);
	assert_order(&m, want, 4);
}
END_TEST

START_TEST(test_order_forward_and_diamond)
{
	static const char text[] =
		"service web program=web restart=never after=db serves= handles=\n"
		"service db program=db restart=never after= serves= handles=\n"
		"service cache program=cache restart=never after= serves= handles=\n"
		"service api program=api restart=never after=cache,db serves= handles=\n";
	static const char *const want[] = {"db", "web", "cache", "api"};
	struct manifest m;

	parse_ok(&m, text, CAP);
	ck_assert_uint_eq(m.services[0].after, 1u << 1); /* web after db, written later */
	assert_order(&m, want, 4);
}
END_TEST

START_TEST(test_order_chain_written_backwards)
{
	static const char text[] = "service d program=d restart=never after=c serves= handles=\n"
				   "service c program=c restart=never after=b serves= handles=\n"
				   "service b program=b restart=never after=a serves= handles=\n"
				   "service a program=a restart=never after= serves= handles=\n";
	static const char *const want[] = {"a", "b", "c", "d"};
	struct manifest m;

	parse_ok(&m, text, CAP);
	assert_order(&m, want, 4);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct manifest m;
	struct manifest_error err;

	ck_assert_int_eq(manifest_parse(NULL, services, CAP, S(good_text), &err), ERR_INVAL);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_int_eq(manifest_parse(&m, NULL, CAP, S(good_text), &err), ERR_INVAL);
	ck_assert_int_eq(manifest_parse(&m, services, 0, S(good_text), &err), ERR_INVAL);
	ck_assert_int_eq(
		manifest_parse(&m, services, MANIFEST_SERVICES_MAX + 1, S(good_text), &err),
		ERR_INVAL);
	ck_assert_int_eq(manifest_parse(&m, services, CAP, NULL, 3, &err), ERR_INVAL);
	ck_assert_str_eq(err.reason, "bad arguments");
	ck_assert_uint_eq(m.count, 0);
	/* err is optional */
	ck_assert_int_eq(manifest_parse(&m, services, CAP, S("oops"), NULL), ERR_INVAL);
	ck_assert_int_eq(manifest_parse(&m, services, CAP, S(good_text), NULL), 0);
}
END_TEST

START_TEST(test_no_services)
{
	struct manifest m;
	struct manifest_error err;

	ck_assert_int_eq(manifest_parse(&m, services, CAP, NULL, 0, &err), ERR_INVAL);
	ck_assert_str_eq(err.reason, "no services");
	parse_fails("", ERR_INVAL, 0, "no services");
	parse_fails("# only a comment\n\n   \r\n", ERR_INVAL, 0, "no services");
}
END_TEST

START_TEST(test_line_errors)
{
	parse_fails("\nserve logd program=logd restart=never after= serves= handles=\n", ERR_INVAL,
		    2, "expected 'service', not 'serve'");
	parse_fails("service   # no name\n", ERR_INVAL, 1, "service without a name");
	parse_fails("service Logd program=logd restart=never after= serves= handles=", ERR_INVAL, 1,
		    "bad service name 'Logd'");
	parse_fails("service logd program logd restart=never after= serves= handles=", ERR_INVAL, 1,
		    "field 'program' is not key=value");
	parse_fails("service logd program=logd restart=never after= serves= handles= colour=red",
		    ERR_INVAL, 1, "unknown key 'colour'");
	parse_fails("service logd program=logd restart=never after= serves= handles= =x", ERR_INVAL,
		    1, "unknown key ''");
	parse_fails(
		"service logd program=logd restart=never after= serves= handles= restart=always",
		ERR_INVAL, 1, "key 'restart' given twice");
	parse_fails("service logd program= restart=never after= serves= handles=", ERR_INVAL, 1,
		    "empty program name");
	parse_fails("service logd program=log/d restart=never after= serves= handles=", ERR_INVAL,
		    1, "bad program name 'log/d'");
	parse_fails("service logd program=logd restart=sometimes after= serves= handles=",
		    ERR_INVAL, 1, "unknown restart policy 'sometimes'");
	parse_fails("service logd program=logd restart=Always after= serves= handles=", ERR_INVAL,
		    1, "unknown restart policy 'Always'");
}
END_TEST

/* priority= is optional: the default when absent, one digit 0..7 when given (RFC-0010). */
START_TEST(test_priority)
{
	struct manifest m;

	parse_ok(&m,
		 "service a program=a restart=never after= serves= handles=\n"
		 "service b program=b restart=never after= serves= handles= priority=3\n"
		 "service c program=c priority=0 restart=never after= serves= handles=\n",
		 CAP);
	ck_assert_uint_eq(m.services[0].priority, CAIRN_PRIORITY_DEFAULT);
	ck_assert_uint_eq(m.services[1].priority, 3);
	ck_assert_uint_eq(m.services[2].priority, 0);
	parse_fails("service a program=a restart=never after= serves= handles= priority=8",
		    ERR_INVAL, 1, "priority '8' is not a digit 0..7");
	parse_fails("service a program=a restart=never after= serves= handles= priority=",
		    ERR_INVAL, 1, "priority '' is not a digit 0..7");
	parse_fails("service a program=a restart=never after= serves= handles= priority=03",
		    ERR_INVAL, 1, "is not a digit 0..7");
	parse_fails(
		"service a program=a restart=never after= serves= handles= priority=1 priority=2",
		ERR_INVAL, 1, "given twice");
}
END_TEST

/* max-*= are optional: CAIRN_QUOTA_DEFAULT's value when absent, 1 to 7 digits when given. */
START_TEST(test_quota)
{
	static const struct cairn_quota def = CAIRN_QUOTA_DEFAULT;
	struct manifest m;

	parse_ok(&m,
		 "service a program=a restart=never after= serves= handles=\n"
		 "service b program=b restart=never after= serves= handles= max-threads=8 "
		 "max-pages=1000 max-processes=2 max-endpoints=0 max-notifications=9 "
		 "max-vmos=9999999\n",
		 CAP);
	ck_assert_mem_eq(&m.services[0].quota, &def, sizeof(def));
	ck_assert_uint_eq(m.services[1].quota.threads, 8);
	ck_assert_uint_eq(m.services[1].quota.pages, 1000);
	ck_assert_uint_eq(m.services[1].quota.processes, 2);
	ck_assert_uint_eq(m.services[1].quota.endpoints, 0);
	ck_assert_uint_eq(m.services[1].quota.notifications, 9);
	ck_assert_uint_eq(m.services[1].quota.vmos, 9999999);
	parse_fails("service a program=a restart=never after= serves= handles= max-vmos=10000000",
		    ERR_INVAL, 1, "quota value '10000000' is not 1 to 7 digits");
	parse_fails("service a program=a restart=never after= serves= handles= max-pages=",
		    ERR_INVAL, 1, "is not 1 to 7 digits");
	parse_fails("service a program=a restart=never after= serves= handles= max-threads=-1",
		    ERR_INVAL, 1, "quota value '-1' is not a number");
	parse_fails("service a program=a restart=never after= serves= handles= max-pages=1 "
		    "max-pages=2",
		    ERR_INVAL, 1, "given twice");
	parse_fails("service a program=a restart=never after= serves= handles= max-files=1",
		    ERR_INVAL, 1, "unknown key");
}
END_TEST

START_TEST(test_missing_keys)
{
	static const char *const fields[] = {"program=logd", "restart=never",
					     "after=", "serves=", "handles="};
	static const char *const names[] = {"'program'", "'restart'", "'after'", "'serves'",
					    "'handles'"};
	char text[128];

	for (unsigned int skip = 0; skip < 5; skip++) {
		size_t used = put(text, sizeof(text), "service logd");

		for (unsigned int k = 0; k < 5; k++) {
			if (k != skip)
				used += put(text + used, sizeof(text) - used, " %s", fields[k]);
		}
		parse_fails(text, ERR_INVAL, 1, names[skip]);
	}
	parse_fails("service logd", ERR_INVAL, 1, "missing key 'program'");
}
END_TEST

START_TEST(test_handle_errors)
{
	parse_fails("service a program=a restart=never after= serves= handles=console,tty",
		    ERR_INVAL, 1, "unknown handle 'tty'");
	parse_fails("service a program=a restart=never after= serves= handles=log,console,log",
		    ERR_INVAL, 1, "handle 'log' listed twice");
	parse_fails("service a program=a restart=never after= serves= handles=console,,log",
		    ERR_INVAL, 1, "empty item in handles list");
	parse_fails("service a program=a restart=never after= serves= handles=console,", ERR_INVAL,
		    1, "empty item in handles list");
	parse_fails("service a program=a restart=never after= serves= handles=,", ERR_INVAL, 1,
		    "empty item");
	parse_fails("service a program=a restart=never after= serves= handles=UART-IRQ", ERR_INVAL,
		    1, "unknown handle 'UART-IRQ'");
}
END_TEST

START_TEST(test_handle_limit)
{
	struct manifest m;

	/* Every handle but one fits: the supervisor handle takes the last spawn slot. */
	parse_ok(&m,
		 "service a program=a restart=never after= serves=log "
		 "handles=bootimage,uart-mmio,uart-irq,registry,policy,log,uart\n"
		 "service r program=r restart=never after= serves=registry handles=registry\n"
		 "service p program=p restart=never after= serves=policy handles=policy\n"
		 "service u program=u restart=never after= serves=uart handles=uart\n",
		 CAP);
	ck_assert_uint_eq(m.services[0].handle_count, MANIFEST_HANDLES_MAX);
	for (unsigned int k = 0; k < MANIFEST_HANDLES_MAX; k++)
		ck_assert_uint_eq(m.services[0].handles[k], k + 1);
	parse_fails("service a program=a restart=never after= serves= handles=\n"
		    "service b program=b restart=never after= serves= "
		    "handles=console,bootimage,uart-mmio,uart-irq,registry,policy,log,uart",
		    ERR_NOSPC, 2, "8 handles; a service starts with at most 7");
}
END_TEST

START_TEST(test_serves)
{
	struct manifest m;

	parse_fails("service a program=a restart=never after= serves=console handles=console",
		    ERR_INVAL, 1, "serves 'console', which is not an endpoint");
	parse_fails("service a program=a restart=never after= serves=uart-irq handles=uart-irq",
		    ERR_INVAL, 1, "serves 'uart-irq', which is not an endpoint");
	parse_fails("service a program=a restart=never after= serves=tty handles=", ERR_INVAL, 1,
		    "serves 'tty', which is not an endpoint");
	parse_fails("service a program=a restart=never after= serves=log,uart handles=log,uart",
		    ERR_INVAL, 1, "serves 'log,uart', which is not an endpoint");
	parse_fails("service a program=a restart=never after= serves=log handles=console",
		    ERR_INVAL, 1, "serves 'log', which handles does not list");
	parse_fails("service a program=a restart=never after= serves=log handles=log\n"
		    "service b program=b restart=never after= serves=policy handles=policy\n"
		    "service c program=c restart=never after= serves=log handles=log\n",
		    ERR_INVAL, 3, "'log' is served by 'a' already");
	parse_fails("service a program=a restart=never after= serves=log handles=log\n"
		    "service b program=b restart=never after= serves= handles=console,uart,log\n",
		    ERR_INVAL, 2, "handle 'uart' names an endpoint no service serves");
	/* One driver programs each device (RFC-0018). */
	parse_fails("service a program=a restart=never after= serves= handles=blk-mmio\n"
		    "service b program=b restart=never after= serves= handles=uart-irq,blk-mmio\n",
		    ERR_INVAL, 2, "'blk-mmio' is given to 'a' already");
	/* A client may come before its server in the file and in the start order. */
	parse_ok(&m,
		 "service c program=c restart=never after= serves= handles=uart\n"
		 "service u program=u restart=never after= serves=uart handles=uart,console\n",
		 CAP);
	ck_assert_uint_eq(m.services[0].serves, MANIFEST_SERVES_NONE);
	ck_assert_uint_eq(m.services[1].serves, MANIFEST_H_UART);
	ck_assert_uint_eq(m.order[0], 0);
}
END_TEST

START_TEST(test_endpoint_faults_before_dependency_faults)
{
	parse_fails("service a program=a restart=never after=zz serves= handles=\n"
		    "service b program=b restart=never after=b serves= handles=log\n",
		    ERR_INVAL, 2, "handle 'log' names an endpoint no service serves");
}
END_TEST

START_TEST(test_name_limits)
{
	char text[256];
	char name[SVCNAME_MAX + 2];
	struct manifest m;

	memset(name, 'n', sizeof(name));
	name[SVCNAME_MAX] = '\0';
	(void)put(text, sizeof(text),
		  "service %s program=%s restart=never after= serves= handles=", name, name);
	parse_ok(&m, text, CAP);
	ck_assert_str_eq(m.services[0].name, name);
	ck_assert_str_eq(m.services[0].program, name);

	name[SVCNAME_MAX] = 'n';
	name[SVCNAME_MAX + 1] = '\0';
	(void)put(text, sizeof(text),
		  "service %s program=p restart=never after= serves= handles=", name);
	parse_fails(text, ERR_TOOLONG, 1, "bad service name");
	(void)put(text, sizeof(text),
		  "service a program=%s restart=never after= serves= handles=", name);
	parse_fails(text, ERR_TOOLONG, 1, "program name");
	(void)put(text, sizeof(text),
		  "service a program=a restart=never after=%s serves= handles=", name);
	parse_fails(text, ERR_TOOLONG, 1, "in after");
}
END_TEST

START_TEST(test_service_limit)
{
	static const char line[] =
		"service s%02u program=p restart=never after=%s serves= handles=\n";
	char text[MANIFEST_SERVICES_MAX * 80 + 80];
	char prev[8] = "";
	size_t used = 0;
	struct manifest m;
	struct manifest_error err;

	for (unsigned int i = 0; i < MANIFEST_SERVICES_MAX; i++) {
		used += put(text + used, sizeof(text) - used, line, i, prev);
		(void)put(prev, sizeof(prev), "s%02u", i);
	}
	parse_ok(&m, text, MANIFEST_SERVICES_MAX);
	ck_assert_uint_eq(m.count, MANIFEST_SERVICES_MAX);
	ck_assert_uint_eq(m.order[MANIFEST_SERVICES_MAX - 1], MANIFEST_SERVICES_MAX - 1);
	ck_assert_int_eq(manifest_parse(&m, services, MANIFEST_SERVICES_MAX - 1, text, used, &err),
			 ERR_NOSPC);
	ck_assert_uint_eq(err.line, MANIFEST_SERVICES_MAX);
	ck_assert_str_eq(err.reason, "no room for service 's30'; the limit is 30");
	ck_assert_uint_eq(m.count, 0);
}
END_TEST

START_TEST(test_duplicate_service)
{
	parse_fails("service a program=a restart=never after= serves= handles=\n"
		    "# between\n"
		    "service a program=b restart=always after= serves= handles=\n",
		    ERR_INVAL, 3, "service 'a' already on line 1");
}
END_TEST

START_TEST(test_after_errors)
{
	parse_fails("service a program=a restart=never after=b serves= handles=\n", ERR_NOTFOUND, 1,
		    "after names 'b', which is not a service");
	parse_fails("service a program=a restart=never after= serves= handles=\n"
		    "service b program=b restart=never after=a,a serves= handles=\n",
		    ERR_INVAL, 2, "after lists 'a' twice");
	parse_fails("service a program=a restart=never after=,a serves= handles=\n", ERR_INVAL, 1,
		    "empty item in after list");
	parse_fails("service a program=a restart=never after=B serves= handles=\n", ERR_INVAL, 1,
		    "bad service name 'B' in after");
}
END_TEST

START_TEST(test_line_faults_before_dependency_faults)
{
	/* Line 1's unknown dependency is found only after every line parsed. */
	parse_fails("service a program=a restart=never after=zz serves= handles=\n"
		    "service b program=b restart=never after= serves= handles=tty\n",
		    ERR_INVAL, 2, "unknown handle 'tty'");
}
END_TEST

START_TEST(test_cycles)
{
	parse_fails("service a program=a restart=never after=a serves= handles=\n", ERR_INVAL, 1,
		    "dependency cycle: a -> a");
	parse_fails("service top program=t restart=never after= serves= handles=\n"
		    "service x program=x restart=never after=z serves= handles=\n"
		    "service y program=y restart=never after=x,top serves= handles=\n"
		    "service z program=z restart=never after=y serves= handles=\n",
		    ERR_INVAL, 2, "dependency cycle: x -> z -> y -> x");
	/* A service waiting on a cycle is not part of it. */
	parse_fails("service tail program=t restart=never after=q serves= handles=\n"
		    "service p program=p restart=never after=q serves= handles=\n"
		    "service q program=q restart=never after=p serves= handles=\n",
		    ERR_INVAL, 3, "dependency cycle: q -> p -> q");
}
END_TEST

START_TEST(test_reason_is_bounded_and_printable)
{
	char text[MANIFEST_SERVICES_MAX * 100];
	char name[SVCNAME_MAX + 1];
	size_t used = 0;
	struct manifest m;
	struct manifest_error err;

	/* Four 31-byte names in a cycle do not fit in the reason: it is cut with "...". */
	memset(name, 'c', SVCNAME_MAX);
	name[SVCNAME_MAX] = '\0';
	for (int i = 0; i < 4; i++) {
		name[0] = (char)('a' + i);
		used += put(text + used, sizeof(text) - used,
			    "service %s program=p restart=never after=%c%s serves= handles=\n",
			    name, (char)('a' + (i + 1) % 4), name + 1);
	}
	ck_assert_int_eq(manifest_parse(&m, services, CAP, text, used, &err), ERR_INVAL);
	ck_assert_uint_eq(strlen(err.reason), MANIFEST_REASON_MAX - 1);
	ck_assert_str_eq(err.reason + MANIFEST_REASON_MAX - 4, "...");
	ck_assert_ptr_eq(strstr(err.reason, "dependency cycle: a"), err.reason);

	parse_fails("service a program=a restart=never after= serves= handles= k\x01\x7f=v",
		    ERR_INVAL, 1, "unknown key 'k?\?'");
}
END_TEST

START_TEST(test_find_and_names)
{
	struct manifest m;
	uint32_t index = 99;

	parse_ok(&m, good_text, CAP);
	ck_assert_int_eq(manifest_find(&m, S("uartd"), &index), 0);
	ck_assert_uint_eq(index, 2);
	index = 99;
	ck_assert_int_eq(manifest_find(&m, S("uart"), &index), ERR_NOTFOUND);
	ck_assert_int_eq(manifest_find(&m, S("uartdd"), &index), ERR_NOTFOUND);
	ck_assert_uint_eq(index, 99); /* untouched on failure */

	ck_assert_str_eq(manifest_handle_name(MANIFEST_H_CONSOLE), "console");
	ck_assert_str_eq(manifest_handle_name(MANIFEST_H_UART_MMIO), "uart-mmio");
	ck_assert_str_eq(manifest_handle_name(MANIFEST_H_LOG), "log");
	ck_assert_str_eq(manifest_handle_name(MANIFEST_H_UART), "uart");
	ck_assert_ptr_null(manifest_handle_name(MANIFEST_HANDLES));
	ck_assert_int_eq(manifest_handle_class(MANIFEST_H_BOOTIMAGE), MANIFEST_KERNEL);
	ck_assert_int_eq(manifest_handle_class(MANIFEST_H_UART_IRQ), MANIFEST_DEVICE);
	ck_assert_int_eq(manifest_handle_class(MANIFEST_H_REGISTRY), MANIFEST_ENDPOINT);
	ck_assert_int_eq(manifest_handle_class(MANIFEST_H_UART), MANIFEST_ENDPOINT);
	ck_assert_int_eq(manifest_handle_class(MANIFEST_HANDLES), -1);
	ck_assert_str_eq(manifest_restart_name(MANIFEST_RESTART_ON_CRASH), "on-crash");
	ck_assert_ptr_null(manifest_restart_name(MANIFEST_RESTARTS));
}
END_TEST

START_TEST(test_restart_due)
{
	static const long crashes[] = {CAIRN_EXIT_KILLED, CAIRN_EXIT_FAULT | 0,
				       CAIRN_EXIT_FAULT | 15, CAIRN_EXIT_FAULT | 63};
	static const long others[] = {0, 1, 255, CAIRN_EXIT_FAULT + 64, ERR_TIMEOUT, 0x101};

	for (size_t k = 0; k < sizeof(crashes) / sizeof(crashes[0]); k++) {
		ck_assert(!manifest_restart_due(MANIFEST_RESTART_NEVER, crashes[k]));
		ck_assert(manifest_restart_due(MANIFEST_RESTART_ALWAYS, crashes[k]));
		ck_assert(manifest_restart_due(MANIFEST_RESTART_ON_CRASH, crashes[k]));
		ck_assert(!manifest_restart_due(MANIFEST_RESTARTS, crashes[k]));
	}
	for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
		ck_assert(!manifest_restart_due(MANIFEST_RESTART_NEVER, others[k]));
		ck_assert(manifest_restart_due(MANIFEST_RESTART_ALWAYS, others[k]));
		ck_assert_msg(!manifest_restart_due(MANIFEST_RESTART_ON_CRASH, others[k]),
			      "status 0x%lx is no crash", (unsigned long)others[k]);
	}
}
END_TEST

START_TEST(test_args)
{
	struct manifest m;
	const char *argv[MANIFEST_ARGS_MAX];

	parse_ok(&m,
		 "service a program=a restart=never after= serves= handles=console "
		 "args=alpha,beta-2,3.25,x=y\n"
		 "service b program=b restart=never after= serves= handles= args=\n"
		 "service c program=c restart=never after= serves= handles=\n",
		 CAP);
	ck_assert(m.services[0].has_args);
	ck_assert_uint_eq(manifest_args(&m.services[0], argv), 4);
	ck_assert_str_eq(argv[0], "alpha");
	ck_assert_str_eq(argv[1], "beta-2");
	ck_assert_str_eq(argv[2], "3.25");
	ck_assert_str_eq(argv[3], "x=y");
	/* an empty args= is a start block with no arguments; no args= is no block */
	ck_assert(m.services[1].has_args);
	ck_assert_uint_eq(manifest_args(&m.services[1], argv), 0);
	ck_assert(!m.services[2].has_args);
	ck_assert_uint_eq(manifest_args(&m.services[2], argv), 0);
}
END_TEST

START_TEST(test_args_errors)
{
	char text[512];
	char words[256];
	size_t at = 0;

	parse_fails("service a program=a restart=never after= serves= handles= args=a,,b",
		    ERR_INVAL, 1, "empty item in args list 'a,,b'");
	parse_fails("service a program=a restart=never after= serves= handles= args=a,", ERR_INVAL,
		    1, "empty item in args list");
	parse_fails("service a program=a restart=never after= serves= handles= args=a\x01",
		    ERR_INVAL, 1, "bad byte in arg");
	parse_fails("service a program=a restart=never after= serves= handles= args=\xc3\xa9",
		    ERR_INVAL, 1, "bad byte in arg");
	parse_fails("service a program=a restart=never after= serves= handles= args=a args=b",
		    ERR_INVAL, 1, "key 'args' given twice");
	/* MANIFEST_ARGS_MAX words fit, one more does not */
	for (unsigned i = 0; i < MANIFEST_ARGS_MAX; i++)
		at += put(words + at, sizeof(words) - at, "%s%u", i == 0 ? "" : ",", i % 10);
	put(text, sizeof(text), "service a program=a restart=never after= serves= handles= args=%s",
	    words);
	{
		struct manifest m;

		parse_ok(&m, text, CAP);
		ck_assert_uint_eq(m.services[0].argc, MANIFEST_ARGS_MAX);
	}
	put(text, sizeof(text),
	    "service a program=a restart=never after= serves= handles= args=%s,9", words);
	parse_fails(text, ERR_NOSPC, 1, "more than 16 args");
	/* MANIFEST_ARGS_BYTES with the NULs fit, one byte more does not */
	memset(words, 'w', MANIFEST_ARGS_BYTES - 1);
	words[MANIFEST_ARGS_BYTES - 1] = '\0';
	put(text, sizeof(text), "service a program=a restart=never after= serves= handles= args=%s",
	    words);
	{
		struct manifest m;

		parse_ok(&m, text, CAP);
		ck_assert_uint_eq(strlen(m.services[0].args), MANIFEST_ARGS_BYTES - 1);
	}
	put(text, sizeof(text),
	    "service a program=a restart=never after= serves= handles= args=%sw", words);
	parse_fails(text, ERR_TOOLONG, 1, "args take more than 128 bytes with their NULs");
}
END_TEST

/* A start block takes the last spawn slot: with args= one handle fewer fits. */
START_TEST(test_args_handle_limit)
{
	struct manifest m;

	parse_ok(&m,
		 "service a program=a restart=never after= serves=log "
		 "handles=bootimage,uart-mmio,uart-irq,registry,policy,log args=x\n"
		 "service r program=r restart=never after= serves=registry handles=registry\n"
		 "service p program=p restart=never after= serves=policy handles=policy\n",
		 CAP);
	ck_assert_uint_eq(m.services[0].handle_count, MANIFEST_HANDLES_MAX - 1);
	parse_fails("service a program=a restart=never after= serves= "
		    "handles=bootimage,uart-mmio,uart-irq,registry,policy,log,console args=",
		    ERR_NOSPC, 1, "7 handles; a service with args= starts with at most 6");
}
END_TEST

static Suite *manifest_suite(void)
{
	Suite *s = suite_create("manifest");
	TCase *parse = tcase_create("parse");
	TCase *order = tcase_create("order");
	TCase *errors = tcase_create("errors");

	tcase_add_test(parse, test_good_manifest);
	tcase_add_test(parse, test_find_and_names);
	tcase_add_test(parse, test_restart_due);
	tcase_add_test(order, test_order_follows_file_when_free);
	tcase_add_test(order, test_order_forward_and_diamond);
	tcase_add_test(order, test_order_chain_written_backwards);
	tcase_add_test(errors, test_bad_arguments);
	tcase_add_test(errors, test_no_services);
	tcase_add_test(errors, test_line_errors);
	tcase_add_test(errors, test_missing_keys);
	tcase_add_test(errors, test_priority);
	tcase_add_test(errors, test_quota);
	tcase_add_test(errors, test_handle_errors);
	tcase_add_test(errors, test_handle_limit);
	tcase_add_test(errors, test_serves);
	tcase_add_test(errors, test_endpoint_faults_before_dependency_faults);
	tcase_add_test(errors, test_name_limits);
	tcase_add_test(errors, test_service_limit);
	tcase_add_test(errors, test_duplicate_service);
	tcase_add_test(errors, test_after_errors);
	tcase_add_test(errors, test_line_faults_before_dependency_faults);
	tcase_add_test(errors, test_cycles);
	tcase_add_test(errors, test_reason_is_bounded_and_printable);
	tcase_add_test(parse, test_args);
	tcase_add_test(errors, test_args_errors);
	tcase_add_test(errors, test_args_handle_limit);
	suite_add_tcase(s, parse);
	suite_add_tcase(s, order);
	suite_add_tcase(s, errors);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(manifest_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
