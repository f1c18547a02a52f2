/*
 * libFuzzer target for the boot-manifest parser (manifest_parse). Any bytes
 * must be answered without a bad read (ASan) or undefined behaviour (UBSan).
 * An accepted manifest must keep every promise manifest.h makes: well-formed
 * unique names, known restart policies and handles, a `serves` word that is
 * an endpoint of the service's own list, each endpoint served once and every
 * endpoint listed served, `after` sets naming only services of the manifest,
 * args= words within their bounds (one handle fewer beside them), and a
 * start order that is a permutation in which
 * every service follows its `after` set, ties going to file order. A refused
 * one must hold no service and say where and why: a line inside the text and
 * a short, printable reason. The same text with less room must fail on the
 * first service that does not fit.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines as the parser counts them: a last line without '\n' counts too. */
static uint32_t fuzz_manifest_lines(const char *text, size_t len)
{
	uint32_t lines = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			lines++;
	}
	return lines + (len > 0 && text[len - 1] != '\n' ? 1u : 0u);
}

/* Index of the first NUL in s[0..max), or max when there is none. */
static size_t fuzz_manifest_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static bool fuzz_manifest_is_program(const char *s)
{
	size_t len = fuzz_manifest_strnlen(s, CAIRN_NAME_MAX + 1);

	if (len == 0 || len > CAIRN_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* args=: at most MANIFEST_ARGS_MAX non-empty words of printable ASCII, inside their buffer. */
static void fuzz_manifest_check_args(const struct manifest_service *s)
{
	const char *argv[MANIFEST_ARGS_MAX];
	size_t used = 0;

	if ((!s->has_args && s->argc != 0) || s->argc > MANIFEST_ARGS_MAX)
		abort();
	if (manifest_args(s, argv) != s->argc)
		abort();
	for (uint32_t a = 0; a < s->argc; a++) {
		size_t len = fuzz_manifest_strnlen(argv[a], MANIFEST_ARGS_BYTES - used);

		if (argv[a] != &s->args[used] || len == 0 || len == MANIFEST_ARGS_BYTES - used)
			abort();
		for (size_t k = 0; k < len; k++) {
			if (argv[a][k] <= ' ' || argv[a][k] > '~' || argv[a][k] == ',' ||
			    argv[a][k] == '#')
				abort();
		}
		used += len + 1;
	}
}

static void fuzz_manifest_check_service(const struct manifest *m, uint32_t i, uint32_t lines)
{
	const struct manifest_service *s = &m->services[i];
	size_t name_len = fuzz_manifest_strnlen(s->name, SVCNAME_MAX + 1);
	uint32_t found;
	uint32_t seen = 0;

	if (name_len > SVCNAME_MAX || svcname_check(s->name, name_len) != 0)
		abort();
	if (manifest_find(m, s->name, name_len, &found) != 0 || found != i)
		abort(); /* names are unique, so the lookup finds this service */
	if (!fuzz_manifest_is_program(s->program) || manifest_restart_name(s->restart) == NULL)
		abort();
	if (s->line == 0 || s->line > lines || (i > 0 && s->line <= m->services[i - 1].line))
		abort(); /* file order, one service a line */
	if ((s->after >> m->count) != 0 || (s->after & (1u << i)) != 0)
		abort();
	if (s->handle_count > MANIFEST_HANDLES_MAX - (s->has_args ? 1u : 0u))
		abort(); /* a start block takes the last spawn slot */
	fuzz_manifest_check_args(s);
	for (uint32_t h = 0; h < s->handle_count; h++) {
		if (manifest_handle_name(s->handles[h]) == NULL || (seen & (1u << s->handles[h])))
			abort();
		seen |= 1u << s->handles[h];
	}
	if (s->serves != MANIFEST_SERVES_NONE &&
	    (manifest_handle_class(s->serves) != MANIFEST_ENDPOINT ||
	     (seen & (1u << s->serves)) == 0))
		abort();
}

/* Each endpoint word is served by at most one service, and every one listed by exactly one. */
static void fuzz_manifest_check_endpoints(const struct manifest *m)
{
	uint32_t served = 0;
	uint32_t listed = 0;

	for (uint32_t i = 0; i < m->count; i++) {
		const struct manifest_service *s = &m->services[i];

		if (s->serves != MANIFEST_SERVES_NONE) {
			if ((served & (1u << s->serves)) != 0)
				abort();
			served |= 1u << s->serves;
		}
		for (uint32_t h = 0; h < s->handle_count; h++) {
			if (manifest_handle_class(s->handles[h]) == MANIFEST_ENDPOINT)
				listed |= 1u << s->handles[h];
		}
	}
	if (listed != served)
		abort(); /* a server lists its own word, so what is served is listed too */
}

/* order[] is a permutation; each step starts the first ready service in file order. */
static void fuzz_manifest_check_order(const struct manifest *m)
{
	uint32_t started = 0;

	for (uint32_t step = 0; step < m->count; step++) {
		uint32_t i = m->order[step];
		uint32_t first_ready = 0;

		while (first_ready < m->count && ((started & (1u << first_ready)) != 0 ||
						  (m->services[first_ready].after & ~started) != 0))
			first_ready++;
		if (i >= m->count || i != first_ready)
			abort();
		started |= 1u << i;
	}
}

static void fuzz_manifest_check_error(const struct manifest *m, const struct manifest_error *err,
				      int rc, uint32_t lines)
{
	size_t len = fuzz_manifest_strnlen(err->reason, MANIFEST_REASON_MAX);

	if (m->count != 0 || err->code != rc || err->line > lines)
		abort();
	if (rc != ERR_INVAL && rc != ERR_TOOLONG && rc != ERR_NOSPC && rc != ERR_NOTFOUND)
		abort();
	if (len == 0 || len == MANIFEST_REASON_MAX)
		abort(); /* says something, and is NUL-terminated inside its buffer */
	for (size_t i = 0; i < len; i++) {
		if (err->reason[i] < ' ' || err->reason[i] > '~')
			abort();
	}
}

/* With room for one service fewer, a good manifest fails on the service that does not fit. */
static void fuzz_manifest_check_room(const struct manifest *m, const char *text, size_t len)
{
	struct manifest_service few[MANIFEST_SERVICES_MAX];
	struct manifest small;
	struct manifest_error err;
	uint32_t capacity = m->count - 1;
	int rc = manifest_parse(&small, few, capacity, text, len, &err);

	if (rc != ERR_NOSPC || err.line != m->services[capacity].line || small.count != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct manifest_service services[MANIFEST_SERVICES_MAX];
	const char *text = (const char *)data;
	uint32_t lines = fuzz_manifest_lines(text, size);
	struct manifest m;
	struct manifest_error err;
	int rc = manifest_parse(&m, services, MANIFEST_SERVICES_MAX, text, size, &err);

	if (manifest_parse(&m, services, MANIFEST_SERVICES_MAX, text, size, NULL) != rc)
		abort(); /* the error record is optional and changes nothing */
	if (rc != 0) {
		fuzz_manifest_check_error(&m, &err, rc, lines);
		return 0;
	}
	if (m.count == 0 || m.count > MANIFEST_SERVICES_MAX || m.services != services)
		abort();
	for (uint32_t i = 0; i < m.count; i++)
		fuzz_manifest_check_service(&m, i, lines);
	fuzz_manifest_check_endpoints(&m);
	fuzz_manifest_check_order(&m);
	if (m.count > 1)
		fuzz_manifest_check_room(&m, text, size);
	return 0;
}
