/*
 * The record keystored keeps in statefsd's namespace `keystore` under key
 * `identity` (RFC-0019), and its check. Layout, every field big-endian:
 *
 *   0    version, 1
 *   1    generation, 4 bytes
 *   5    priv, 32 bytes
 *   37   pub, 65 bytes
 *   102  flag: 0, the record ends here (103 bytes); 1, two fields follow
 *   103  prev_pub, 65 bytes
 *   168  cert, 64 bytes (232 bytes in all)
 *
 * Decoding trusts nothing it can check: the private key must be one and
 * the public point its own, and a cert must verify, so a damaged record is
 * ERR_CORRUPT rather than a key that signs wrongly. No checksum is needed
 * besides: every byte is covered by one of these checks.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "keys_internal.h"

enum keys_record_off {
	KEYS_OFF_VERSION = 0,
	KEYS_OFF_GENERATION = 1,
	KEYS_OFF_PRIV = 5,
	KEYS_OFF_PUB = KEYS_OFF_PRIV + KEYS_PRIV_LEN,
	KEYS_OFF_FLAG = KEYS_OFF_PUB + KEYS_PUB_LEN,
	KEYS_OFF_PREV_PUB = KEYS_OFF_FLAG + 1,
	KEYS_OFF_CERT = KEYS_OFF_PREV_PUB + KEYS_PUB_LEN,
};

enum keys_record_flag {
	KEYS_FLAG_NO_CERT = 0,
	KEYS_FLAG_CERT = 1,
};

_Static_assert(KEYS_OFF_PREV_PUB == KEYS_RECORD_HEAD_LEN, "the head ends at the flag");
_Static_assert(KEYS_OFF_CERT + KEYS_SIG_LEN == KEYS_RECORD_CERT_LEN, "the cert ends the record");
_Static_assert(KEYS_RECORD_CERT_LEN <= KEYS_RECORD_MAX, "every record fits KEYS_RECORD_MAX");

size_t keys_record_encode(const struct keys_pair *k, uint8_t *out, size_t cap)
{
	size_t len = k->has_cert ? KEYS_RECORD_CERT_LEN : KEYS_RECORD_HEAD_LEN;

	if (cap < len)
		return 0;
	out[KEYS_OFF_VERSION] = KEYS_RECORD_VERSION;
	keys_put32be(out + KEYS_OFF_GENERATION, k->generation);
	memcpy(out + KEYS_OFF_PRIV, k->priv, KEYS_PRIV_LEN);
	memcpy(out + KEYS_OFF_PUB, k->pub, KEYS_PUB_LEN);
	out[KEYS_OFF_FLAG] = k->has_cert ? KEYS_FLAG_CERT : KEYS_FLAG_NO_CERT;
	if (k->has_cert) {
		memcpy(out + KEYS_OFF_PREV_PUB, k->prev_pub, KEYS_PUB_LEN);
		memcpy(out + KEYS_OFF_CERT, k->cert, KEYS_SIG_LEN);
	}
	return len;
}

/* The record's shape: its version, its flag, its length for that flag and the generation's. */
static bool keys_record_shape_ok(const uint8_t *in, size_t n)
{
	uint32_t generation;
	uint8_t flag;

	if (n < KEYS_RECORD_HEAD_LEN || in[KEYS_OFF_VERSION] != KEYS_RECORD_VERSION)
		return false;
	generation = keys_get32be(in + KEYS_OFF_GENERATION);
	flag = in[KEYS_OFF_FLAG];
	if (flag == KEYS_FLAG_NO_CERT)
		return n == KEYS_RECORD_HEAD_LEN && generation == 1;
	if (flag == KEYS_FLAG_CERT)
		return n == KEYS_RECORD_CERT_LEN && generation >= 2;
	return false;
}

/* Whether k's public point is its private key's. */
static bool keys_pub_matches(const struct keys_pair *k)
{
	uint8_t pub[KEYS_PUB_LEN];

	return keys_pub_of(k->priv, pub) == 0 && memcmp(pub, k->pub, KEYS_PUB_LEN) == 0;
}

int keys_record_decode(struct keys_pair *ret_pair, const uint8_t *in, size_t n)
{
	struct keys_pair k;
	int rc = ERR_CORRUPT;

	if (!keys_record_shape_ok(in, n))
		return ERR_CORRUPT;
	memset(&k, 0, sizeof(k));
	k.generation = keys_get32be(in + KEYS_OFF_GENERATION);
	memcpy(k.priv, in + KEYS_OFF_PRIV, KEYS_PRIV_LEN);
	memcpy(k.pub, in + KEYS_OFF_PUB, KEYS_PUB_LEN);
	k.has_cert = in[KEYS_OFF_FLAG] == KEYS_FLAG_CERT;
	if (k.has_cert) {
		memcpy(k.prev_pub, in + KEYS_OFF_PREV_PUB, KEYS_PUB_LEN);
		memcpy(k.cert, in + KEYS_OFF_CERT, KEYS_SIG_LEN);
	}
	if (keys_pub_matches(&k) && (!k.has_cert || keys_cert_valid(&k))) {
		*ret_pair = k;
		rc = 0;
	}
	keys_wipe(&k);
	return rc;
}
