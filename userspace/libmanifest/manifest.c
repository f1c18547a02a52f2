/*
 * Parsing manifest lines into services (see manifest.h for the format): the
 * words of each line, its keys and values, and the checks one line can make
 * on its own. Dependencies between lines are resolved in manifest_graph.c.
 */
#include "manifest.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"
#include "manifest_text.h"

#define MANIFEST_FAULT_CAUSE_MAX 63u /* CAIRN_EXIT_FAULT | cause, cause 0..63 */

enum manifest_key {
	KEY_PROGRAM,
	KEY_RESTART,
	KEY_AFTER,
	KEY_SERVES,
	KEY_HANDLES,
	KEY_PRIORITY,
	KEY_MAX_PROCESSES, /* the quota's keys, in struct cairn_quota's order */
	KEY_MAX_THREADS,
	KEY_MAX_ENDPOINTS,
	KEY_MAX_NOTIFICATIONS,
	KEY_MAX_VMOS,
	KEY_MAX_PAGES,
	KEY_ARGS,
	KEYS
};

static const char *const key_names[KEYS] = {
	"program",  "restart",	     "after",	    "serves",	     "handles",
	"priority", "max-processes", "max-threads", "max-endpoints", "max-notifications",
	"max-vmos", "max-pages",     "args"};
#define KEYS_QUOTA                                                                                 \
	((1u << KEY_MAX_PROCESSES) | (1u << KEY_MAX_THREADS) | (1u << KEY_MAX_ENDPOINTS) |         \
	 (1u << KEY_MAX_NOTIFICATIONS) | (1u << KEY_MAX_VMOS) | (1u << KEY_MAX_PAGES))
#define KEYS_OPTIONAL ((1u << KEY_PRIORITY) | KEYS_QUOTA | (1u << KEY_ARGS))

#define RESTART_WORD(id, word) word,
static const char *const restart_names[MANIFEST_RESTARTS] = {MANIFEST_RESTART_WORDS(RESTART_WORD)};
#undef RESTART_WORD

#define HANDLE_WORD(id, word, class) word,
static const char *const handle_names[MANIFEST_HANDLES] = {MANIFEST_HANDLE_WORDS(HANDLE_WORD)};
#undef HANDLE_WORD

#define HANDLE_CLASS(id, word, class) class,
static const uint8_t handle_classes[MANIFEST_HANDLES] = {MANIFEST_HANDLE_WORDS(HANDLE_CLASS)};
#undef HANDLE_CLASS

/* The values of one line's key=value fields, by key. */
struct line_fields {
	struct span value[KEYS];
	bool seen[KEYS];
};

/* Index of s in words[0..count), or -1. */
static int word_index(struct span s, const char *const *words, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		if (span_is(s, words[i]))
			return (int)i;
	}
	return -1;
}

static void copy_name(char *dst, struct span s)
{
	for (size_t i = 0; i < s.len; i++)
		dst[i] = s.p[i];
	dst[s.len] = '\0';
}

static bool is_program_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int check_program(struct span s, uint32_t line, struct manifest_error *err)
{
	if (s.len == 0) {
		err_begin(err, ERR_INVAL, line);
		err_add(err, "empty program name");
		return ERR_INVAL;
	}
	if (s.len > CAIRN_NAME_MAX)
		return err_say(err, ERR_TOOLONG, line, "program name ", s, " is too long");
	for (size_t i = 0; i < s.len; i++) {
		if (!is_program_char(s.p[i]))
			return err_say(err, ERR_INVAL, line, "bad program name ", s, "");
	}
	return 0;
}

/* Sorts the key=value fields left on a line into *f; every key once. */
static int read_fields(struct span rest, uint32_t line, struct line_fields *f,
		       struct manifest_error *err)
{
	struct span field;

	while (span_next_field(&rest, &field)) {
		size_t eq = span_find(field, '=');
		struct span key = {.p = field.p, .len = eq};
		int k;

		if (eq == field.len)
			return err_say(err, ERR_INVAL, line, "field ", field, " is not key=value");
		k = word_index(key, key_names, KEYS);
		if (k < 0)
			return err_say(err, ERR_INVAL, line, "unknown key ", key, "");
		if (f->seen[k])
			return err_say(err, ERR_INVAL, line, "key ", key, " given twice");
		f->seen[k] = true;
		f->value[k] = (struct span){.p = field.p + eq + 1, .len = field.len - eq - 1};
	}
	for (unsigned int k = 0; k < KEYS; k++) {
		if (!f->seen[k] && (KEYS_OPTIONAL & (1u << k)) == 0) {
			err_begin(err, ERR_INVAL, line);
			err_add(err, "missing key '");
			err_add(err, key_names[k]);
			err_add(err, "'");
			return ERR_INVAL;
		}
	}
	return 0;
}

/* priority=: one digit, 0..CAIRN_PRIORITY_MAX; the default when the key is absent. */
static int read_priority(struct manifest_service *svc, const struct line_fields *f, uint32_t line,
			 struct manifest_error *err)
{
	struct span s = f->value[KEY_PRIORITY];

	if (!f->seen[KEY_PRIORITY]) {
		svc->priority = CAIRN_PRIORITY_DEFAULT;
		return 0;
	}
	if (s.len != 1 || s.p[0] < '0' || s.p[0] > (char)('0' + CAIRN_PRIORITY_MAX))
		return err_say(err, ERR_INVAL, line, "priority ", s, " is not a digit 0..7");
	svc->priority = (uint8_t)(s.p[0] - '0');
	return 0;
}

/* A quota value: 1 to MANIFEST_QUOTA_DIGITS decimal digits. */
static int read_count(struct span s, uint32_t line, uint32_t *ret, struct manifest_error *err)
{
	uint32_t v = 0;

	if (s.len == 0 || s.len > MANIFEST_QUOTA_DIGITS)
		return err_say(err, ERR_INVAL, line, "quota value ", s, " is not 1 to 7 digits");
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return err_say(err, ERR_INVAL, line, "quota value ", s, " is not a number");
		v = v * 10 + (uint32_t)(s.p[i] - '0');
	}
	*ret = v;
	return 0;
}

/* max-*=: the quota init gives the service (RFC-0010); CAIRN_QUOTA_DEFAULT's for a key absent. */
static int read_quota(struct manifest_service *svc, const struct line_fields *f, uint32_t line,
		      struct manifest_error *err)
{
	static const struct cairn_quota defaults = CAIRN_QUOTA_DEFAULT;
	uint32_t *out[] = {&svc->quota.processes,     &svc->quota.threads, &svc->quota.endpoints,
			   &svc->quota.notifications, &svc->quota.vmos,	   &svc->quota.pages};
	const uint32_t *in[] = {&defaults.processes,	 &defaults.threads, &defaults.endpoints,
				&defaults.notifications, &defaults.vmos,    &defaults.pages};

	for (int k = KEY_MAX_PROCESSES; k <= KEY_MAX_PAGES; k++) {
		int i = k - KEY_MAX_PROCESSES;
		int rc = f->seen[k] ? read_count(f->value[k], line, out[i], err) : 0;

		if (rc != 0)
			return rc;
		if (!f->seen[k])
			*out[i] = *in[i];
	}
	return 0;
}

static int read_restart(struct manifest_service *svc, struct span s, uint32_t line,
			struct manifest_error *err)
{
	int r = word_index(s, restart_names, MANIFEST_RESTARTS);

	if (r < 0)
		return err_say(err, ERR_INVAL, line, "unknown restart policy ", s, "");
	svc->restart = (uint8_t)r;
	return 0;
}

static int read_handles(struct manifest_service *svc, struct span list, uint32_t line,
			struct manifest_error *err)
{
	struct list_iter it = list_start(list);
	struct span item;
	uint32_t seen = 0;
	uint32_t items = 0;
	/* a start block takes the last spawn slot */
	uint32_t max = svc->has_args ? MANIFEST_HANDLES_MAX - 1 : MANIFEST_HANDLES_MAX;

	while (list_next(&it, &item))
		items++;
	if (items > max) {
		err_begin(err, ERR_NOSPC, line);
		err_add_uint(err, items);
		err_add(err, svc->has_args ? " handles; a service with args= starts with at most "
					   : " handles; a service starts with at most ");
		err_add_uint(err, max);
		return ERR_NOSPC;
	}
	it = list_start(list);
	svc->handle_count = 0;
	while (list_next(&it, &item)) {
		int h = word_index(item, handle_names, MANIFEST_HANDLES);

		if (item.len == 0)
			return err_say(err, ERR_INVAL, line, "empty item in handles list ", list,
				       "");
		if (h < 0)
			return err_say(err, ERR_INVAL, line, "unknown handle ", item, "");
		if ((seen & (1u << h)) != 0)
			return err_say(err, ERR_INVAL, line, "handle ", item, " listed twice");
		seen |= 1u << h;
		svc->handles[svc->handle_count++] = (uint8_t)h;
	}
	return 0;
}

/* An args= word's bytes: printable ASCII (spaces, commas and '#' never reach here). */
static bool is_arg_byte(char c)
{
	return c > ' ' && c <= '~';
}

/* args=: the words, copied with a NUL after each; none when the key is absent. */
static int read_args(struct manifest_service *svc, const struct line_fields *f, uint32_t line,
		     struct manifest_error *err)
{
	struct list_iter it = list_start(f->value[KEY_ARGS]);
	struct span item;
	size_t at = 0;

	svc->has_args = f->seen[KEY_ARGS];
	while (svc->has_args && list_next(&it, &item)) {
		if (item.len == 0)
			return err_say(err, ERR_INVAL, line, "empty item in args list ",
				       f->value[KEY_ARGS], "");
		if (svc->argc == MANIFEST_ARGS_MAX) {
			err_begin(err, ERR_NOSPC, line);
			err_add(err, "more than ");
			err_add_uint(err, MANIFEST_ARGS_MAX);
			err_add(err, " args");
			return ERR_NOSPC;
		}
		if (item.len + 1 > MANIFEST_ARGS_BYTES - at) {
			err_begin(err, ERR_TOOLONG, line);
			err_add(err, "args take more than ");
			err_add_uint(err, MANIFEST_ARGS_BYTES);
			err_add(err, " bytes with their NULs");
			return ERR_TOOLONG;
		}
		for (size_t i = 0; i < item.len; i++) {
			if (!is_arg_byte(item.p[i]))
				return err_say(err, ERR_INVAL, line, "bad byte in arg ", item, "");
			svc->args[at++] = item.p[i];
		}
		svc->args[at++] = '\0';
		svc->argc++;
	}
	return 0;
}

/* The `serves` word: empty, or an endpoint word the service's handles list holds. */
static int read_serves(struct manifest_service *svc, struct span s, uint32_t line,
		       struct manifest_error *err)
{
	int h;

	svc->serves = MANIFEST_SERVES_NONE;
	if (s.len == 0)
		return 0;
	h = word_index(s, handle_names, MANIFEST_HANDLES);
	if (h < 0 || handle_classes[h] != MANIFEST_ENDPOINT)
		return err_say(err, ERR_INVAL, line, "serves ", s, ", which is not an endpoint");
	for (uint32_t i = 0; i < svc->handle_count; i++) {
		if (svc->handles[i] == (uint8_t)h) {
			svc->serves = (uint8_t)h;
			return 0;
		}
	}
	return err_say(err, ERR_INVAL, line, "serves ", s, ", which handles does not list");
}

/* Checks each `after` item is a well-formed name; manifest_resolve finds them. */
static int check_after(struct span list, uint32_t line, struct manifest_error *err)
{
	struct list_iter it = list_start(list);
	struct span item;

	while (list_next(&it, &item)) {
		int rc;

		if (item.len == 0)
			return err_say(err, ERR_INVAL, line, "empty item in after list ", list, "");
		rc = svcname_check(item.p, item.len);
		if (rc != 0)
			return err_say(err, rc, line, "bad service name ", item, " in after");
	}
	return 0;
}

/* The name field of a `service` line: present, well formed, new, with room for it. */
static int read_name(const struct manifest *m, struct span *rest, uint32_t line,
		     struct span *ret_name, struct manifest_error *err)
{
	struct span name;
	uint32_t other;
	int rc;

	if (!span_next_field(rest, &name)) {
		err_begin(err, ERR_INVAL, line);
		err_add(err, "service without a name");
		return ERR_INVAL;
	}
	rc = svcname_check(name.p, name.len);
	if (rc != 0)
		return err_say(err, rc, line, "bad service name ", name, "");
	if (manifest_find(m, name.p, name.len, &other) == 0) {
		err_say(err, ERR_INVAL, line, "service ", name, " already on line ");
		err_add_uint(err, m->services[other].line);
		return ERR_INVAL;
	}
	if (m->count == m->capacity) {
		err_say(err, ERR_NOSPC, line, "no room for service ", name, "; the limit is ");
		err_add_uint(err, m->capacity);
		return ERR_NOSPC;
	}
	*ret_name = name;
	return 0;
}

/* One `service` line (rest is what follows the word); appends it to m on success. */
static int parse_service(struct manifest *m, struct span rest, uint32_t line,
			 struct span *ret_after, struct manifest_error *err)
{
	struct manifest_service svc = {.line = line};
	struct line_fields f = {0};
	struct span name = {0}; /* set when read_name succeeds; cleared for GCC's flow analysis */
	int rc;

	rc = read_name(m, &rest, line, &name, err);
	if (rc == 0)
		rc = read_fields(rest, line, &f, err);
	if (rc == 0)
		rc = check_program(f.value[KEY_PROGRAM], line, err);
	if (rc == 0)
		rc = read_restart(&svc, f.value[KEY_RESTART], line, err);
	if (rc == 0)
		rc = read_priority(&svc, &f, line, err);
	if (rc == 0)
		rc = read_quota(&svc, &f, line, err);
	if (rc == 0)
		rc = check_after(f.value[KEY_AFTER], line, err);
	if (rc == 0)
		rc = read_args(&svc, &f, line, err);
	if (rc == 0)
		rc = read_handles(&svc, f.value[KEY_HANDLES], line, err);
	if (rc == 0)
		rc = read_serves(&svc, f.value[KEY_SERVES], line, err);
	if (rc != 0)
		return rc;
	copy_name(svc.name, name);
	copy_name(svc.program, f.value[KEY_PROGRAM]);
	*ret_after = f.value[KEY_AFTER];
	m->services[m->count++] = svc;
	return 0;
}

static int parse_lines(struct manifest *m, struct span text, struct span *after_lists,
		       struct manifest_error *err)
{
	struct span line;
	uint32_t line_no = 0;

	while (span_next_line(&text, &line)) {
		struct span rest = span_drop_comment(line);
		struct span first;
		int rc;

		line_no++;
		if (!span_next_field(&rest, &first))
			continue;
		if (!span_is(first, "service"))
			return err_say(err, ERR_INVAL, line_no, "expected 'service', not ", first,
				       "");
		rc = parse_service(m, rest, line_no, &after_lists[m->count], err);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int manifest_parse(struct manifest *m, struct manifest_service *services, uint32_t capacity,
		   const char *text, size_t len, struct manifest_error *err)
{
	struct span after_lists[MANIFEST_SERVICES_MAX];
	int rc;

	if (m == NULL || services == NULL || capacity == 0 || capacity > MANIFEST_SERVICES_MAX ||
	    (text == NULL && len != 0)) {
		if (m != NULL)
			*m = (struct manifest){0};
		err_begin(err, ERR_INVAL, 0);
		err_add(err, "bad arguments");
		return ERR_INVAL;
	}
	*m = (struct manifest){.services = services, .capacity = capacity};
	rc = parse_lines(m, (struct span){.p = text, .len = len}, after_lists, err);
	if (rc == 0 && m->count == 0) {
		err_begin(err, ERR_INVAL, 0);
		err_add(err, "no services");
		rc = ERR_INVAL;
	}
	if (rc == 0)
		rc = manifest_resolve(m, after_lists, err);
	if (rc != 0)
		m->count = 0;
	return rc;
}

int manifest_find(const struct manifest *m, const char *name, size_t len, uint32_t *ret_index)
{
	struct span s = {.p = name, .len = len};

	for (uint32_t i = 0; i < m->count; i++) {
		if (span_is(s, m->services[i].name)) {
			*ret_index = i;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

uint32_t manifest_args(const struct manifest_service *s, const char **argv)
{
	size_t at = 0;

	for (uint32_t i = 0; i < s->argc; i++) {
		argv[i] = &s->args[at];
		while (s->args[at] != '\0')
			at++;
		at++;
	}
	return s->argc;
}

const char *manifest_handle_name(unsigned int handle)
{
	return handle < MANIFEST_HANDLES ? handle_names[handle] : NULL;
}

int manifest_handle_class(unsigned int handle)
{
	return handle < MANIFEST_HANDLES ? (int)handle_classes[handle] : -1;
}

const char *manifest_restart_name(unsigned int restart)
{
	return restart < MANIFEST_RESTARTS ? restart_names[restart] : NULL;
}

bool manifest_restart_due(unsigned int restart, long status)
{
	bool crashed = status == (long)CAIRN_EXIT_KILLED ||
		       (status >= (long)CAIRN_EXIT_FAULT &&
			status <= (long)(CAIRN_EXIT_FAULT | MANIFEST_FAULT_CAUSE_MAX));

	return restart == MANIFEST_RESTART_ALWAYS ||
	       (restart == MANIFEST_RESTART_ON_CRASH && crashed);
}
