/*
 * A key pair's life: made from a seed (generation 1), rotated (the old key
 * signs the new public point), wiped. The seed comes from the caller, who
 * took it from rngd; this file only expands it. Signing messages and the
 * record are elsewhere.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "keys_internal.h"

/* The DRBG's personalisation string (SP 800-90A), without a terminator. */
static const char keys_personalisation[] = "cairn keystored";

#define KEYS_PERS_LEN (sizeof(keys_personalisation) - 1)

/*
 * A private key and its public point from seed. The HMAC-DRBG (SHA-256) is
 * instantiated as SP 800-90A says, from the seed material entropy ||
 * personalisation (BearSSL's init is the instantiate: K and V set, then one
 * update with what it is given); br_ec_keygen draws from it until a value
 * lies in [1, order). Every secret on this stack is wiped before return.
 */
static int keys_make(const uint8_t seed[KEYS_SEED_LEN], uint8_t ret_priv[KEYS_PRIV_LEN],
		     uint8_t ret_pub[KEYS_PUB_LEN])
{
	uint8_t material[KEYS_SEED_LEN + KEYS_PERS_LEN];
	uint8_t kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
	uint8_t pub[KEYS_PUB_LEN];
	br_hmac_drbg_context drbg;
	size_t len;
	int rc = ERR_INVAL;

	memcpy(material, seed, KEYS_SEED_LEN);
	memcpy(material + KEYS_SEED_LEN, keys_personalisation, KEYS_PERS_LEN);
	br_hmac_drbg_init(&drbg, &br_sha256_vtable, material, sizeof(material));
	len = br_ec_keygen(&drbg.vtable, keys_ec, NULL, kbuf, KEYS_CURVE);
	if (len == KEYS_PRIV_LEN && keys_pub_of(kbuf, pub) == 0) {
		memcpy(ret_priv, kbuf, KEYS_PRIV_LEN);
		memcpy(ret_pub, pub, KEYS_PUB_LEN);
		rc = 0;
	}
	keys_wipe_bytes(material, sizeof(material));
	keys_wipe_bytes(kbuf, sizeof(kbuf));
	keys_wipe_bytes(&drbg, sizeof(drbg));
	return rc;
}

int keys_generate(struct keys_pair *ret_pair, const uint8_t seed[KEYS_SEED_LEN])
{
	struct keys_pair k;
	int rc;

	memset(&k, 0, sizeof(k));
	rc = keys_make(seed, k.priv, k.pub);
	if (rc == 0) {
		k.generation = 1;
		*ret_pair = k;
	}
	keys_wipe(&k);
	return rc;
}

/* The new pair is built apart and copied out last, so ret_next may be old. */
int keys_rotate(const struct keys_pair *old, const uint8_t seed[KEYS_SEED_LEN],
		struct keys_pair *ret_next)
{
	struct keys_pair k;
	uint8_t digest[KEYS_DIGEST_LEN];
	int rc;

	if (old->generation == UINT32_MAX)
		return ERR_RANGE;
	if (old->generation == 0)
		return ERR_INVAL;
	memset(&k, 0, sizeof(k));
	k.generation = old->generation + 1;
	k.has_cert = true;
	memcpy(k.prev_pub, old->pub, KEYS_PUB_LEN);
	rc = keys_make(seed, k.priv, k.pub);
	if (rc == 0) {
		keys_rotation_digest(k.generation, k.pub, digest);
		rc = keys_sign_digest(old->priv, digest, k.cert);
	}
	if (rc == 0)
		*ret_next = k;
	keys_wipe(&k);
	return rc;
}

void keys_wipe(struct keys_pair *k)
{
	keys_wipe_bytes(k, sizeof(*k));
}
