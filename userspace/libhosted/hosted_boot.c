/*
 * Start-up's reading of the initial handles (hosted_internal.h): the start
 * block, when the last handle is one, decoded and copied out, then
 * unmapped and closed; the roles the runtime itself uses; the fallback
 * arguments; and the console found by kind when no role names it.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/print.h"
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_internal.h"

struct hosted_state hosted_state;

/* The block's strings, copied: a block's strings fill less than its page. */
static char hosted_arena[START_BLOCK_MAX];
static char hosted_fallback_name[] = HOSTED_NAME_UNKNOWN;

/* Copies s into the arena at *at: the copy. The arena holds a whole block's strings. */
static char *arena_copy(const char *s, size_t *at)
{
	size_t n = strlen(s) + 1;
	char *copy = &hosted_arena[*at];

	memcpy(copy, s, n);
	*at += n;
	return copy;
}

static void take_block(const struct start_info *info)
{
	size_t at = 0;

	hosted_state.argc = (int)info->argc;
	for (uint32_t i = 0; i < info->argc; i++)
		hosted_state.argv[i] = arena_copy(info->argv[i], &at);
	hosted_state.argv[info->argc] = NULL;
	for (uint32_t i = 0; i < info->roles; i++)
		hosted_state.role[i] = arena_copy(info->role[i], &at);
}

/*
 * Reads the block in VMO `h` through a read-only mapping that lasts only
 * for the copy: 0 when it checked out (its strings are copied), else why
 * not. The block must name as many roles as there are handles.
 */
static long read_block(cairn_handle_t h)
{
	const cairn_handle_t self = hosted_state.handles[0];
	struct start_info info;
	long rc = cairn_vmo_map(self, h, HOSTED_START_VA, CAIRN_PROT_READ);

	if (rc < 0)
		return rc;
	/* the mapping is at least the block's one page */
	rc = start_block_decode(
		(const uint8_t *)HOSTED_START_VA, // NOLINT(performance-no-int-to-ptr)
		START_BLOCK_MAX, &info);
	if (rc == 0 && info.roles != hosted_state.count)
		rc = ERR_CORRUPT;
	if (rc == 0)
		take_block(&info);
	(void)cairn_vmo_unmap(self, HOSTED_START_VA);
	return rc;
}

/* Whether handle h is of kind `kind` with every right in `rights`. */
static bool handle_is(cairn_handle_t h, uint32_t kind, uint32_t rights)
{
	struct cairn_handle_info info = {0};

	return cairn_handle_query(h, &info) == 0 && info.kind == kind &&
	       (info.rights & rights) == rights;
}

/* The handle with role `name`, checked to be of `kind`; CAIRN_HANDLE_INVALID when none is. */
static cairn_handle_t role_of_kind(const char *name, uint32_t kind, uint32_t rights)
{
	cairn_handle_t h = hosted_handle(name);

	return h != CAIRN_HANDLE_INVALID && handle_is(h, kind, rights) ? h : CAIRN_HANDLE_INVALID;
}

/* A console: the `console` role's, or without roles the first handle of that kind. */
static cairn_handle_t find_console(void)
{
	if (hosted_state.role[0] != NULL)
		return role_of_kind("console", KIND_CONSOLE, RIGHT_WRITE);
	for (uint32_t i = 1; i < hosted_state.count; i++) {
		if (handle_is(hosted_state.handles[i], KIND_CONSOLE, RIGHT_WRITE))
			return hosted_state.handles[i];
	}
	return CAIRN_HANDLE_INVALID;
}

void hosted_boot(const cairn_handle_t *handles, size_t count)
{
	long refused = 0;
	cairn_handle_t last;

	hosted_state.start_ns = hosted_now_ns();
	hosted_state.count = count < START_ROLES_MAX ? (uint32_t)count : START_ROLES_MAX;
	memcpy(hosted_state.handles, handles, hosted_state.count * sizeof(cairn_handle_t));
	last = hosted_state.count >= 2 ? hosted_state.handles[hosted_state.count - 1]
				       : CAIRN_HANDLE_INVALID;
	if (last != CAIRN_HANDLE_INVALID && handle_is(last, KIND_VMO, RIGHT_READ | RIGHT_MAP)) {
		refused = read_block(last);
		if (refused == 0) { /* the block is read: its handle goes, its role stays */
			(void)cairn_handle_close(last);
			hosted_state.handles[hosted_state.count - 1] = CAIRN_HANDLE_INVALID;
		}
	}
	if (hosted_state.argc == 0) {
		hosted_state.argc = 1;
		hosted_state.argv[0] = hosted_fallback_name;
		hosted_state.argv[1] = NULL;
	}
	hosted_state.supervisor = role_of_kind("supervisor", KIND_ENDPOINT, RIGHT_SEND);
	hosted_state.uart = role_of_kind("uart", KIND_ENDPOINT, RIGHT_SEND);
	hosted_state.console = find_console();
	if (refused != 0 && hosted_state.console != CAIRN_HANDLE_INVALID)
		(void)cairn_printf(hosted_state.console,
				   "hosted: start block refused (%s); argv is {%s}\n",
				   cairn_err_name(refused), HOSTED_NAME_UNKNOWN);
}

cairn_handle_t hosted_handle(const char *role)
{
	for (uint32_t i = 0; i < hosted_state.count; i++) {
		if (hosted_state.role[i] != NULL && strcmp(hosted_state.role[i], role) == 0)
			return hosted_state.handles[i];
	}
	return CAIRN_HANDLE_INVALID;
}

cairn_handle_t hosted_self(void)
{
	return hosted_state.handles[0];
}
