/*
 * The device key's place in statefsd (keystored.h): a one-page window
 * keystored makes, maps and ATTACHes to namespace "keystore" (policyd lets
 * only keystored read and write kv-keystore), and one record under key
 * "identity", libkeys's encoding of the pair. The key goes at the window's
 * offset 0 and the record right after it (svc/statefs.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/sys.h"
#include "keystored.h"
#include "svc/client.h"
#include "svc/statefs.h"

#define KEYSTORED_NS   "keystore"
#define KEYSTORED_KEY  "identity"
#define KEYSTORED_KLEN (sizeof(KEYSTORED_KEY) - 1)

_Static_assert(SVC_STATEFS_WINDOW == CAIRN_PAGE_SIZE, "the window is one page");
_Static_assert(KEYS_RECORD_MAX <= SVC_STATEFS_VALUE_MAX, "a record is one value");

long keystored_window_up(struct keystored *k)
{
	long vmo = cairn_vmo_create(k->self, SVC_STATEFS_WINDOW);
	long err;

	if (vmo < 0)
		return vmo;
	err = cairn_vmo_map(k->self, (cairn_handle_t)vmo, KEYSTORED_WINDOW_VA,
			    CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	if (err != 0)
		return err;
	k->window_vmo = (cairn_handle_t)vmo;
	// NOLINTNEXTLINE(performance-no-int-to-ptr): the page was just mapped there
	k->window = (uint8_t *)(uintptr_t)KEYSTORED_WINDOW_VA;
	return 0;
}

/* ATTACH: statefsd maps the window, for namespace "keystore". */
static long keystored_attach(struct keystored *k)
{
	struct svc_statefs_attach_request req = {.window = k->window_vmo};
	struct svc_statefs_attach_reply rep;
	long err = svc_name_set(&req.ns, KEYSTORED_NS, sizeof(KEYSTORED_NS) - 1);

	if (err == 0)
		err = svc_statefs_attach_call(k->statefs, &req, &rep, SVC_CALL_TIMEOUT);
	k->attached = err == 0;
	return err;
}

/* Whether err may mean statefsd no longer knows the window (it restarted). */
static bool keystored_lost_attach(long err)
{
	return err == ERR_NOTFOUND || err == ERR_PEERDEAD;
}

/* GET of the record into the window: vlen, or the error. */
static long keystored_get(struct keystored *k)
{
	const struct svc_statefs_get_request req = {.klen = KEYSTORED_KLEN};
	struct svc_statefs_get_reply rep = {0};
	long err;

	memcpy(k->window, KEYSTORED_KEY, KEYSTORED_KLEN);
	err = svc_statefs_get_call(k->statefs, &req, &rep, SVC_CALL_TIMEOUT);
	return err != 0 ? err : (long)rep.vlen;
}

/* PUT and COMMIT of the record (n bytes, in the window after the key): 0 or the error. */
static long keystored_put(struct keystored *k, size_t n)
{
	const struct svc_statefs_commit_request commit = {0};
	struct svc_statefs_commit_reply done;
	struct svc_statefs_put_reply put_rep;
	const struct svc_statefs_put_request put = {.klen = KEYSTORED_KLEN, .vlen = (uint32_t)n};
	long err;

	memcpy(k->window, KEYSTORED_KEY, KEYSTORED_KLEN);
	err = svc_statefs_put_call(k->statefs, &put, &put_rep, SVC_CALL_TIMEOUT);
	if (err == 0)
		err = svc_statefs_commit_call(k->statefs, &commit, &done, SVC_CALL_TIMEOUT);
	return err;
}

/*
 * op under an attach: made first if there is none; when op's error says
 * statefsd may have lost it (ERR_NOTFOUND is also "no such key"), attached
 * again and op run once more, whose answer then stands.
 */
static long keystored_with_attach(struct keystored *k, long (*op)(struct keystored *, size_t),
				  size_t n)
{
	bool fresh = !k->attached;
	long err = fresh ? keystored_attach(k) : 0;

	if (err != 0)
		return err;
	err = op(k, n);
	if (!fresh && keystored_lost_attach(err)) {
		if ((err = keystored_attach(k)) != 0)
			return err;
		err = op(k, n);
	}
	return err;
}

static long keystored_get_op(struct keystored *k, size_t n)
{
	(void)n;
	return keystored_get(k);
}

long keystored_store_load(struct keystored *k)
{
	long got = keystored_with_attach(k, keystored_get_op, 0);
	long err;

	if (got < 0)
		return got;
	/* the decoder held vlen to SVC_STATEFS_VALUE_MAX, within the window */
	err = keys_record_decode(&k->pair, k->window, (size_t)got);
	memset(k->window, 0, (size_t)got);
	return err;
}

long keystored_store_save(struct keystored *k, const struct keys_pair *pair)
{
	size_t n = keys_record_encode(pair, k->window + KEYSTORED_KLEN,
				      SVC_STATEFS_WINDOW - KEYSTORED_KLEN);
	long err;

	if (n == 0)
		return ERR_INVAL;
	err = keystored_with_attach(k, keystored_put, n);
	/* the private key leaves the window once statefsd has taken it, or failed to */
	memset(k->window, 0, KEYSTORED_KLEN + n);
	return err;
}
