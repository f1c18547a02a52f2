/*
 * kv: the shell's keys and values in statefsd, namespace "shell". libshell
 * parses the line (shell_kv.h); this file is statefsd's client: the
 * window, a page the shell makes, maps and ATTACHes on its first kv and
 * keeps (struct shell), and one function per sub-command. Keys go at the
 * window's offset 0, a value right after its key (svc/statefs.h). Each put
 * or del is a batch of its own, committed before the command answers. When
 * statefsd lost the attach (it restarted: ERR_PEERDEAD, or ERR_NOTFOUND
 * from a server that no longer knows the shell), the shell attaches once
 * more and runs the sub-command again.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/sys.h"
#include "shell.h"
#include "shell_kv.h"
#include "svc/client.h"
#include "svc/statefs.h"

#define SHELL_KV_NS	   "shell"
#define SHELL_KV_WINDOW_VA 0x2000000000ull /* where the shell maps its window */

_Static_assert(SHELL_KV_KEY_MAX == SVC_STATEFS_KEY_MAX, "libshell takes statefs's key bound");
_Static_assert(SHELL_KV_VALUE_MAX <= SVC_STATEFS_VALUE_MAX, "a typed value fits statefs's bound");
_Static_assert(SVC_STATEFS_WINDOW == CAIRN_PAGE_SIZE, "the window is one page");
_Static_assert(SVC_STATEFS_KEY_MAX + SVC_STATEFS_VALUE_MAX <= SVC_STATEFS_WINDOW,
	       "a key and its value fit the window");
_Static_assert(SVC_STATEFS_KEY_MAX * 2 <= SVC_STATEFS_WINDOW, "ls's prefix and key fit");
_Static_assert(SVC_STATEFS_LIST_MAX *(1 + SVC_STATEFS_KEY_MAX) <= SVC_STATEFS_WINDOW,
	       "a LIST reply fits the window");

/* One sub-command against statefsd; 0 or the error of the call that failed. */
typedef long (*kv_op)(struct shell *sh, const struct shell_kv *kv);

/* The window: made and mapped once, then kept for the shell's life. */
static long kv_window_up(struct shell *sh)
{
	long vmo;
	long err;

	if (sh->kv_window != NULL)
		return 0;
	vmo = cairn_vmo_create(sh->handles[H_SELF], SVC_STATEFS_WINDOW);
	if (vmo < 0)
		return vmo;
	err = cairn_vmo_map(sh->handles[H_SELF], (cairn_handle_t)vmo, SHELL_KV_WINDOW_VA,
			    CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	if (err != 0) {
		(void)cairn_handle_close((cairn_handle_t)vmo);
		return err;
	}
	sh->kv_vmo = (cairn_handle_t)vmo;
	// NOLINTNEXTLINE(performance-no-int-to-ptr): the page was just mapped there
	sh->kv_window = (uint8_t *)(uintptr_t)SHELL_KV_WINDOW_VA;
	return 0;
}

/* ATTACH: statefsd maps the window, for namespace "shell". */
static long kv_attach(struct shell *sh)
{
	struct svc_statefs_attach_request req = {.window = sh->kv_vmo};
	struct svc_statefs_attach_reply rep;
	long err = svc_name_set(&req.ns, SHELL_KV_NS, sizeof(SHELL_KV_NS) - 1);

	if (err == 0)
		err = svc_statefs_attach_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
	sh->kv_attached = err == 0;
	return err;
}

/* Puts the key at the window's offset 0 and, for put, its value right after. */
static void kv_place(struct shell *sh, const struct shell_kv *kv)
{
	memcpy(sh->kv_window, kv->key, kv->key_len);
	memcpy(sh->kv_window + kv->key_len, kv->value, kv->value_len);
}

/* COMMIT: the batch the caller just made, durable. */
static long kv_commit(struct shell *sh)
{
	const struct svc_statefs_commit_request req = {0};
	struct svc_statefs_commit_reply rep;

	return svc_statefs_commit_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
}

static long kv_put(struct shell *sh, const struct shell_kv *kv)
{
	const struct svc_statefs_put_request req = {.klen = kv->key_len, .vlen = kv->value_len};
	struct svc_statefs_put_reply rep;
	long err;

	kv_place(sh, kv);
	err = svc_statefs_put_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
	if (err != 0)
		return err;
	if ((err = kv_commit(sh)) != 0)
		return err;
	shell_printf(sh, "kv: %s: stored (%u bytes)\n", kv->key, kv->value_len);
	return 0;
}

static long kv_del(struct shell *sh, const struct shell_kv *kv)
{
	const struct svc_statefs_del_request req = {.klen = kv->key_len};
	struct svc_statefs_del_reply rep;
	long err;

	kv_place(sh, kv);
	err = svc_statefs_del_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
	if (err != 0)
		return err;
	if ((err = kv_commit(sh)) != 0)
		return err;
	shell_printf(sh, "kv: %s: deleted\n", kv->key);
	return 0;
}

/* get: the value as it is, then a newline. */
static long kv_get(struct shell *sh, const struct shell_kv *kv)
{
	const struct svc_statefs_get_request req = {.klen = kv->key_len};
	struct svc_statefs_get_reply rep = {0};
	long err;

	kv_place(sh, kv);
	err = svc_statefs_get_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
	if (err != 0)
		return err;
	/* the decoder held vlen to SVC_STATEFS_VALUE_MAX, within the window */
	shell_put(sh, (const char *)sh->kv_window, rep.vlen);
	shell_put(sh, "\n", 1);
	return 0;
}

/*
 * One LIST page: the keys after `after` (alen bytes, 0 for the first page)
 * that start with ls's prefix, each printed on a line of its own; the last
 * one into after/alen, their number into *ret_count.
 */
static long kv_list_page(struct shell *sh, const struct shell_kv *kv, char *after, uint32_t *alen,
			 uint32_t *ret_count)
{
	const struct svc_statefs_list_request req = {.plen = kv->key_len, .alen = *alen};
	struct svc_statefs_list_reply rep = {0};
	const uint8_t *at = sh->kv_window;
	const uint8_t *end = sh->kv_window + SVC_STATEFS_WINDOW;
	long err;

	memcpy(sh->kv_window, kv->key, kv->key_len);
	memcpy(sh->kv_window + kv->key_len, after, *alen);
	err = svc_statefs_list_call(sh->handles[H_STATEFS], &req, &rep, SVC_CALL_TIMEOUT);
	if (err != 0)
		return err;
	for (uint32_t i = 0; i < rep.count; i++) {
		uint32_t len = *at;

		if (len == 0 || len > SVC_STATEFS_KEY_MAX || len >= (uint32_t)(end - at))
			return ERR_INVAL; /* a malformed reply */
		memcpy(after, at + 1, len);
		*alen = len;
		shell_put(sh, (const char *)at + 1, len);
		shell_put(sh, "\n", 1);
		at += 1 + len;
	}
	*ret_count = rep.count;
	return 0;
}

/* ls [PREFIX]: every key that starts with it, page by page, then how many. */
static long kv_ls(struct shell *sh, const struct shell_kv *kv)
{
	char after[SVC_STATEFS_KEY_MAX] = {0};
	uint32_t alen = 0;
	uint32_t keys = 0;
	uint32_t count;

	do {
		long err = kv_list_page(sh, kv, after, &alen, &count);

		if (err != 0)
			return err;
		keys += count;
	} while (count == SVC_STATEFS_LIST_MAX);
	shell_printf(sh, "%u key%s\n", keys, keys == 1 ? "" : "s");
	return 0;
}

/* Whether err says statefsd no longer knows the shell's window. */
static bool kv_lost_attach(long err)
{
	return err == ERR_PEERDEAD || err == ERR_NOTFOUND;
}

/*
 * Runs op with the window attached: attaches first if it is not, and
 * attaches again once (then runs op again) when an attach made before this
 * command turns out to be lost. Says why on failure.
 */
static long kv_run(struct shell *sh, kv_op op, const struct shell_kv *kv, const char *what)
{
	bool fresh = !sh->kv_attached;
	long err = fresh ? kv_attach(sh) : 0;

	if (err != 0)
		return shell_fail(sh, "kv", "attach", err);
	err = op(sh, kv);
	if (!fresh && kv_lost_attach(err)) {
		if ((err = kv_attach(sh)) != 0)
			return shell_fail(sh, "kv", "attach", err);
		err = op(sh, kv);
	}
	if (err == ERR_NOTFOUND && (kv->op == SHELL_KV_GET || kv->op == SHELL_KV_DEL)) {
		shell_printf(sh, "kv: %s: not found\n", kv->key);
		return err;
	}
	return err != 0 ? shell_fail(sh, "kv", what, err) : 0;
}

/* kv put KEY VALUE | get KEY | del KEY | ls [PREFIX] */
long cmd_kv(struct shell *sh, const struct shell_cmd *c)
{
	static const kv_op ops[] = {
		[SHELL_KV_PUT] = kv_put,
		[SHELL_KV_GET] = kv_get,
		[SHELL_KV_DEL] = kv_del,
		[SHELL_KV_LS] = kv_ls,
	};
	static const char *const names[] = {
		[SHELL_KV_PUT] = "put",
		[SHELL_KV_GET] = "get",
		[SHELL_KV_DEL] = "del",
		[SHELL_KV_LS] = "ls",
	};
	struct shell_kv kv;
	struct shell_msg msg;
	long err = shell_kv_parse(c->rest, c->rest_len, &kv, &msg);

	if (err != 0) {
		shell_printf(sh, "%s\n", msg.text);
		return err;
	}
	if ((err = kv_window_up(sh)) != 0)
		return shell_fail(sh, "kv", "window", err);
	return kv_run(sh, ops[kv.op], &kv, names[kv.op]);
}
