/*
 * The store's backing of the file layer (hosted_file.h): a file is up to
 * HOSTED_STORE_CHUNKS values of statefsd (RFC-0018) in the namespace named
 * after the program (argv[0]). Chunk 0 is the key NAME, chunk i the key
 * NAME/i; every chunk but the last is full (SVC_STATEFS_VALUE_MAX bytes),
 * so a chunk shorter than that (or a missing one) ends the file. Names
 * hold no '/', so no file's key is another's chunk.
 *
 * Saving is one batch: a PUT for each chunk the file needs, a DEL for the
 * others, then COMMIT: the file is all new or all old. The window is a
 * page this file makes and maps at HOSTED_STORE_VA and ATTACHes at the
 * first call. Only for a program with a badge of its own: ATTACH takes
 * the caller's badge's one slot (hosted_file.c decides).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_file.h"
#include "hosted_fs.h"
#include "hosted_internal.h"
#include "svc/client.h"
#include "svc/statefs.h"

_Static_assert(SVC_STATEFS_WINDOW == CAIRN_PAGE_SIZE, "the window is one page");
_Static_assert(HOSTED_STORE_NAME_MAX + 2 <= SVC_STATEFS_KEY_MAX, "NAME/i is a key");
_Static_assert(HOSTED_STORE_CHUNKS <= 9, "a chunk's number is one digit");
_Static_assert(HOSTED_STORE_CHUNKS * 2 + HOSTED_STORE_CHUNKS <= 16, "a rename is one batch");
_Static_assert(HOSTED_STORE_FILE_MAX + (size_t)HOSTED_STORE_CHUNKS * 2 * SVC_STATEFS_KEY_MAX <=
		       4096,
	       "a file's batch fits statefsd's bytes");

struct store {
	cairn_handle_t ep;
	uint8_t *window; /* NULL until attached */
};

static struct store store;

/* A statefsd or call error as errno. */
static int store_errno(long err)
{
	switch (err) {
	case ERR_NOTFOUND:
		return -ENOENT;
	case ERR_DENIED:
		return -EACCES;
	case ERR_NOSPC:
		return -ENOSPC;
	case ERR_NOMEM:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

/* The window made, mapped and ATTACHed under the program's name: 0 or an ERR_* code. */
static long store_attach(void)
{
	const char *ns = hosted_state.argv[0];
	struct svc_statefs_attach_request req = {0};
	struct svc_statefs_attach_reply rep;
	long vmo;
	long err;

	if (store.window != NULL)
		return 0;
	if ((err = svc_name_set(&req.ns, ns, strlen(ns))) != 0)
		return err;
	vmo = cairn_vmo_create(hosted_self(), SVC_STATEFS_WINDOW);
	if (vmo < 0)
		return vmo;
	err = cairn_vmo_map(hosted_self(), (cairn_handle_t)vmo, HOSTED_STORE_VA,
			    CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	req.window = (cairn_handle_t)vmo;
	if (err == 0)
		err = svc_statefs_attach_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);
	if (err != 0) {
		(void)cairn_vmo_unmap(hosted_self(), HOSTED_STORE_VA);
		(void)cairn_handle_close((cairn_handle_t)vmo);
		return err;
	}
	// NOLINTNEXTLINE(performance-no-int-to-ptr): the page was just mapped there
	store.window = (uint8_t *)(uintptr_t)HOSTED_STORE_VA;
	return 0;
}

/* Writes chunk i's key of `name` at the window's start: its length. */
static uint32_t key_place(const char *name, uint32_t i)
{
	size_t len = strlen(name);

	memcpy(store.window, name, len);
	if (i == 0)
		return (uint32_t)len;
	store.window[len] = '/';
	store.window[len + 1] = (uint8_t)('0' + i);
	return (uint32_t)len + 2;
}

/* Chunk i of name into buf (room for a value): its length, or an ERR_* code. */
static long chunk_get(const char *name, uint32_t i, uint8_t *buf)
{
	struct svc_statefs_get_request req = {.klen = key_place(name, i)};
	struct svc_statefs_get_reply rep = {0};
	long err = svc_statefs_get_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);

	if (err != 0)
		return err;
	memcpy(buf, store.window, rep.vlen); /* the decoder held vlen to the value bound */
	return rep.vlen;
}

static long chunk_put(const char *name, uint32_t i, const uint8_t *data, uint32_t len)
{
	struct svc_statefs_put_request req = {.klen = key_place(name, i), .vlen = len};
	struct svc_statefs_put_reply rep;

	memcpy(store.window + req.klen, data, len);
	return svc_statefs_put_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);
}

static long chunk_del(const char *name, uint32_t i)
{
	struct svc_statefs_del_request req = {.klen = key_place(name, i)};
	struct svc_statefs_del_reply rep;

	return svc_statefs_del_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);
}

/* COMMIT after a batch whose ops all went in (err 0), else ABORT: errno. */
static int batch_end(long err)
{
	if (err == 0) {
		const struct svc_statefs_commit_request req = {0};
		struct svc_statefs_commit_reply rep;

		err = svc_statefs_commit_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);
		return err == 0 ? 0 : store_errno(err);
	}
	const struct svc_statefs_abort_request req = {0};
	struct svc_statefs_abort_reply rep;

	(void)svc_statefs_abort_call(store.ep, &req, &rep, SVC_CALL_TIMEOUT);
	return store_errno(err);
}

static int store_load(void *ctx, const char *name, uint8_t **ret_data, size_t *ret_size)
{
	uint8_t *data = malloc(HOSTED_STORE_FILE_MAX);
	size_t size = 0;
	long got = SVC_STATEFS_VALUE_MAX;
	long err = store_attach();

	(void)ctx;
	if (data == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; err == 0 && got == SVC_STATEFS_VALUE_MAX && i < HOSTED_STORE_CHUNKS;
	     i++) {
		got = chunk_get(name, i, data + size);
		if (got == ERR_NOTFOUND && i > 0)
			break; /* the file ended with a full chunk */
		if (got < 0)
			err = got;
		else
			size += (size_t)got;
	}
	if (err != 0) {
		free(data);
		return store_errno(err);
	}
	*ret_data = data;
	*ret_size = size;
	return 0;
}

/* Adds the PUTs and DELs that make `name` hold data[0..size) to the batch. */
static long batch_file(const char *name, const uint8_t *data, size_t size)
{
	long err = 0;

	for (uint32_t i = 0; err == 0 && i < HOSTED_STORE_CHUNKS; i++) {
		size_t at = (size_t)i * SVC_STATEFS_VALUE_MAX;

		if (i == 0 || at < size) {
			size_t n = size - at < SVC_STATEFS_VALUE_MAX ? size - at
								     : SVC_STATEFS_VALUE_MAX;
			err = chunk_put(name, i, data + at, (uint32_t)n);
		} else {
			err = chunk_del(name, i);
		}
	}
	return err;
}

static int store_save(void *ctx, const char *name, const uint8_t *data, size_t size)
{
	long err = store_attach();

	(void)ctx;
	if (err != 0)
		return store_errno(err);
	return batch_end(batch_file(name, data, size));
}

static long batch_remove(const char *name)
{
	long err = 0;

	for (uint32_t i = 0; err == 0 && i < HOSTED_STORE_CHUNKS; i++)
		err = chunk_del(name, i);
	return err;
}

static int store_remove(void *ctx, const char *name)
{
	uint8_t *data = NULL;
	size_t size;
	int rc = store_load(ctx, name, &data, &size); /* there at all? DEL of nothing is no error */

	free(data);
	return rc != 0 ? rc : batch_end(batch_remove(name));
}

static int store_rename(void *ctx, const char *from, const char *to)
{
	uint8_t *data = NULL;
	size_t size;
	long err;
	int rc = store_load(ctx, from, &data, &size);

	if (rc != 0)
		return rc;
	err = strcmp(from, to) == 0 ? 0 : batch_remove(from);
	if (err == 0)
		err = batch_file(to, data, size);
	free(data);
	return batch_end(err);
}

const struct hosted_fs_backing hosted_store_backing = {
	.load = store_load,
	.save = store_save,
	.remove = store_remove,
	.rename = store_rename,
	.ctx = &store,
	.size_max = HOSTED_STORE_FILE_MAX,
};

void hosted_store_start(cairn_handle_t statefs)
{
	store.ep = statefs;
}
