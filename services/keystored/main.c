/*
 * keystored, the device's identity (RFC-0019): an ECDSA P-256 key pair made
 * on first boot from rngd's bytes and kept in statefsd, in a namespace only
 * keystored may read. The private key never leaves it but for the disk. It
 * exports the public key and the rotation certificate, verifies, signs for
 * the callers policyd allows `sign key` (every signing and refusal audited
 * to logd), and rotates the key for those allowed `write key`. The protocol
 * is svc/key.h; the keys, the record and the audit line are libkeys's; the
 * store is store.c. This file marshals.
 *
 * Handles (manifest line in services/keystored/README.md):
 * [0] self, [1] supervisor SEND, [2] key RECV, [3] rng SEND,
 * [4] statefs SEND, [5] policy SEND, [6] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "keystored.h"
#include "services/keystored_handles.h"
#include "svc/client.h"
#include "svc/key.h"
#include "svc/policy.h"
#include "svc/rng.h"
#include "svc/server.h"

#define KEYSTORED_OBJECT "key" /* what policyd's rules call the device key */

_Static_assert(SVC_KEY_PUB_LEN == KEYS_PUB_LEN && SVC_KEY_SIG_LEN == KEYS_SIG_LEN,
	       "the protocol carries libkeys's points and signatures");
_Static_assert(SVC_KEY_MESSAGE_MAX <= KEYS_MESSAGE_MAX, "libkeys signs what SIGN takes");

/* One line to logd, "keystored: <what>[: <error>]" (svc_log_say). */
static void keystored_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "keystored", what, err);
}

/* policyd's answer for the caller and `action` on the key: 0 or ERR_DENIED. */
static long keystored_ask(const struct keystored *k, uint64_t badge, enum policy_action action)
{
	bool allow = false;
	long rc = svc_policy_decide(k->policy, badge, action, KEYSTORED_OBJECT,
				    sizeof(KEYSTORED_OBJECT) - 1, &allow);

	return rc == 0 && allow ? 0 : ERR_DENIED; /* not being able to ask is a denial */
}

/* KEYS_SEED_LEN bytes from rngd: 0 or ERR_IO. */
static long keystored_seed(const struct keystored *k, uint8_t seed[KEYS_SEED_LEN])
{
	const struct svc_rng_read_request req = {.count = KEYS_SEED_LEN};
	struct svc_rng_read_reply rep = {0};
	long rc = svc_rng_read_call(k->rng, &req, &rep, SVC_CALL_TIMEOUT);

	if (rc != 0 || rep.bytes_len != KEYS_SEED_LEN)
		return ERR_IO;
	memcpy(seed, rep.bytes, KEYS_SEED_LEN);
	return 0;
}

static long on_pub(void *ctx, struct svc_exchange *x, const struct svc_key_pub_request *req,
		   struct svc_key_pub_reply *rep)
{
	const struct keystored *k = ctx;

	(void)x, (void)req;
	rep->generation = k->pair.generation;
	rep->key = k->pair.pub;
	rep->key_len = KEYS_PUB_LEN;
	return 0;
}

static long on_cert(void *ctx, struct svc_exchange *x, const struct svc_key_cert_request *req,
		    struct svc_key_cert_reply *rep)
{
	static uint8_t cert[KEYS_PUB_LEN + KEYS_SIG_LEN];
	const struct keystored *k = ctx;

	(void)x, (void)req;
	if (!k->pair.has_cert)
		return ERR_NOTFOUND;
	memcpy(cert, k->pair.prev_pub, KEYS_PUB_LEN);
	memcpy(cert + KEYS_PUB_LEN, k->pair.cert, KEYS_SIG_LEN);
	rep->generation = k->pair.generation;
	rep->cert = cert;
	rep->cert_len = sizeof(cert);
	return 0;
}

/*
 * The audit of one signing (before it, at INFO: a signing logd did not take
 * is not made) or refusal (WARN): 0, or the error of writing it.
 */
static long keystored_audit(const struct keystored *k, uint64_t badge, const uint8_t *msg, size_t n,
			    long verdict)
{
	uint8_t digest[KEYS_DIGEST_LEN];
	char line[140];
	size_t len;

	keys_digest(msg, n, digest);
	len = (size_t)snprintf(line, sizeof(line), "keystored: %s", verdict == 0 ? "" : "refused ");
	len += keys_audit_line(line + len, sizeof(line) - len, badge, n, digest,
			       k->pair.generation);
	if (verdict != 0) {
		(void)snprintf(line + len, sizeof(line) - len, ": %s", cairn_err_name(verdict));
		len = strlen(line);
	}
	return svc_log_write(k->log, verdict == 0 ? JOURNAL_INFO : JOURNAL_WARN, line, len, NULL);
}

static long on_sign(void *ctx, struct svc_exchange *x, const struct svc_key_sign_request *req,
		    struct svc_key_sign_reply *rep)
{
	static uint8_t sig[KEYS_SIG_LEN];
	static uint8_t msg[SVC_KEY_MESSAGE_MAX];
	const struct keystored *k = ctx;
	uint32_t n = req->message_len;
	long rc;

	/* The message lies in the IPC buffer, which asking policyd reuses: copied out first. */
	memcpy(msg, req->message, n);
	rc = keystored_ask(k, x->in.badge, POLICY_SIGN);
	if (keystored_audit(k, x->in.badge, msg, n, rc) != 0 && rc == 0)
		rc = ERR_IO; /* no signature without its line in the journal */
	if (rc == 0)
		rc = keys_sign(&k->pair, msg, n, sig);
	if (rc != 0)
		return rc;
	rep->generation = k->pair.generation;
	rep->sig = sig;
	rep->sig_len = KEYS_SIG_LEN;
	return 0;
}

static long on_verify(void *ctx, struct svc_exchange *x, const struct svc_key_verify_request *req,
		      struct svc_key_verify_reply *rep)
{
	const struct keystored *k = ctx;

	(void)x;
	/* the decoder held the length to SVC_KEY_SIG_LEN + 1 and more */
	rep->valid = keys_verify(k->pair.pub, req->signed_message + KEYS_SIG_LEN,
				 req->signed_message_len - KEYS_SIG_LEN, req->signed_message);
	rep->generation = k->pair.generation;
	return 0;
}

static long on_rotate(void *ctx, struct svc_exchange *x, const struct svc_key_rotate_request *req,
		      struct svc_key_rotate_reply *rep)
{
	struct keystored *k = ctx;
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair next;
	char line[64];
	long rc = keystored_ask(k, x->in.badge, POLICY_WRITE);

	(void)req;
	if (rc != 0)
		return rc;
	if ((rc = keystored_seed(k, seed)) != 0)
		return rc;
	rc = keys_rotate(&k->pair, seed, &next);
	memset(seed, 0, sizeof(seed));
	if (rc == 0 && (rc = keystored_store_save(k, &next)) != 0)
		rc = ERR_IO; /* the old key stays, here and on the disk */
	if (rc != 0) {
		keys_wipe(&next);
		keystored_log(k->log, JOURNAL_WARN, "rotation failed; the old key stays", rc);
		return rc;
	}
	keys_wipe(&k->pair);
	k->pair = next;
	keys_wipe(&next);
	(void)snprintf(line, sizeof(line), "rotated the device key to generation %u",
		       (unsigned)k->pair.generation);
	keystored_log(k->log, JOURNAL_INFO, line, 0);
	rep->generation = k->pair.generation;
	return 0;
}

/* The first boot's key: made from rngd's bytes and committed before it is used. */
static long keystored_make(struct keystored *k)
{
	uint8_t seed[KEYS_SEED_LEN];
	long rc = keystored_seed(k, seed);

	if (rc != 0)
		return rc;
	rc = keys_generate(&k->pair, seed);
	memset(seed, 0, sizeof(seed));
	if (rc == 0)
		rc = keystored_store_save(k, &k->pair);
	if (rc != 0)
		keys_wipe(&k->pair);
	return rc;
}

/*
 * The device key loaded, or made on a first boot: 0, ERR_CORRUPT (a damaged
 * record: it stays, and keystored refuses everything), or the error that
 * left it without a key for now (no seed from rngd, no store), said once.
 */
static long keystored_key_up(struct keystored *k)
{
	char line[64];
	long rc = keystored_store_load(k);

	if (rc == ERR_NOTFOUND && (rc = keystored_make(k)) == 0)
		keystored_log(k->log, JOURNAL_INFO, "made the device key, generation 1", 0);
	else if (rc == 0) {
		(void)snprintf(line, sizeof(line), "loaded the device key, generation %u",
			       (unsigned)k->pair.generation);
		keystored_log(k->log, JOURNAL_INFO, line, 0);
	}
	if (rc == ERR_CORRUPT)
		keystored_log(k->log, JOURNAL_ERROR,
			      "the stored device key is damaged; refusing all", rc);
	else if (rc != 0 && !k->key_error_said)
		keystored_log(k->log, JOURNAL_ERROR, "no device key yet; trying at each request",
			      rc);
	k->key_error_said = rc != 0;
	k->have_key = rc == 0;
	k->damaged = rc == ERR_CORRUPT;
	return rc;
}

/*
 * Before every request: a damaged stored key is never replaced behind
 * anyone's back (ERR_CORRUPT); a key not made yet (rngd or the store
 * failed at start) is tried again, and the request waits for it (ERR_IO).
 */
static long keystored_admit(void *ctx, struct svc_exchange *x)
{
	struct keystored *k = ctx;

	(void)x;
	if (k->damaged)
		return ERR_CORRUPT;
	if (!k->have_key && keystored_key_up(k) != 0)
		return k->damaged ? ERR_CORRUPT : ERR_IO;
	return 0;
}

static const struct svc_key_handlers keystored_handlers = {
	.admit = keystored_admit,
	.pub = on_pub,
	.cert = on_cert,
	.sign = on_sign,
	.verify = on_verify,
	.rotate = on_rotate,
};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct keystored k;
	long rc;

	if (count < H_COUNT)
		return 1;
	k = (struct keystored){.self = handles[H_SELF],
			       .rng = handles[H_RNG],
			       .statefs = handles[H_STATEFS],
			       .policy = handles[H_POLICY],
			       .log = handles[H_LOG]};
	if ((rc = keystored_window_up(&k)) != 0) {
		keystored_log(k.log, JOURNAL_ERROR, "no window for the store", rc);
		return 1;
	}
	/* Without a key yet keystored still serves: each request tries again (keystored_admit). */
	(void)keystored_key_up(&k);
	if ((rc = svc_ready(handles[H_SUPERVISOR])) != 0)
		keystored_log(k.log, JOURNAL_WARN, "supervisor did not take READY", rc);
	rc = svc_key_serve(handles[H_KEY], &keystored_handlers, &k);
	keystored_log(k.log, JOURNAL_ERROR, "receive failed", rc);
	return 3;
}
