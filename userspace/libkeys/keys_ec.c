/*
 * The curve's operations as libkeys uses them, over BearSSL (ADR-0007): the
 * private key's range check, its public point, ECDSA over a digest (i31, raw
 * r || s, the nonce by RFC 6979) and verification. BearSSL's key structures
 * point at mutable bytes, so a private key is copied into a local buffer,
 * wiped before return, rather than cast from const. Hashing and the pair's
 * life (generation, rotation) are elsewhere.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "keys_internal.h"

void keys_wipe_bytes(void *p, size_t n)
{
	volatile uint8_t *v = p;

	for (size_t i = 0; i < n; i++)
		v[i] = 0;
}

/*
 * br_ec_compute_pub does not check the scalar (P-256's mulgen takes zero and
 * the order itself and returns a point anyway), so the range is checked
 * here: priv - order is computed byte by byte from the least significant
 * end, and priv is below the order exactly when the subtraction borrows out
 * of the top byte. No branch depends on priv's bytes.
 */
bool keys_priv_is_valid(const uint8_t priv[KEYS_PRIV_LEN])
{
	size_t order_len = 0;
	const uint8_t *order = keys_ec->order(KEYS_CURVE, &order_len);
	unsigned borrow = 0;
	unsigned any = 0;

	if (order_len != KEYS_PRIV_LEN)
		return false;
	for (size_t i = KEYS_PRIV_LEN; i-- > 0;) {
		borrow = ((unsigned)(priv[i] - order[i] - (int)borrow) >> 8) & 1u;
		any |= priv[i];
	}
	return borrow == 1u && any != 0u;
}

int keys_pub_of(const uint8_t priv[KEYS_PRIV_LEN], uint8_t ret_pub[KEYS_PUB_LEN])
{
	uint8_t x[KEYS_PRIV_LEN];
	uint8_t q[KEYS_PUB_LEN];
	br_ec_private_key sk = {.curve = KEYS_CURVE, .x = x, .xlen = sizeof(x)};
	size_t len;

	if (!keys_priv_is_valid(priv))
		return ERR_INVAL;
	memcpy(x, priv, sizeof(x));
	len = br_ec_compute_pub(keys_ec, NULL, q, &sk);
	keys_wipe_bytes(x, sizeof(x));
	if (len != KEYS_PUB_LEN)
		return ERR_INVAL;
	memcpy(ret_pub, q, KEYS_PUB_LEN);
	return 0;
}

int keys_sign_digest(const uint8_t priv[KEYS_PRIV_LEN], const uint8_t digest[KEYS_DIGEST_LEN],
		     uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t x[KEYS_PRIV_LEN];
	uint8_t rs[KEYS_SIG_LEN];
	br_ec_private_key sk = {.curve = KEYS_CURVE, .x = x, .xlen = sizeof(x)};
	size_t len;

	if (!keys_priv_is_valid(priv))
		return ERR_INVAL;
	memcpy(x, priv, sizeof(x));
	len = br_ecdsa_i31_sign_raw(keys_ec, &br_sha256_vtable, digest, &sk, rs);
	keys_wipe_bytes(x, sizeof(x));
	if (len != KEYS_SIG_LEN)
		return ERR_INVAL;
	memcpy(sig, rs, KEYS_SIG_LEN);
	return 0;
}

/* BearSSL checks that pub is a point of the curve and that r and s lie in [1, order). */
bool keys_verify_digest(const uint8_t pub[KEYS_PUB_LEN], const uint8_t digest[KEYS_DIGEST_LEN],
			const uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t q[KEYS_PUB_LEN];
	br_ec_public_key pk = {.curve = KEYS_CURVE, .q = q, .qlen = sizeof(q)};
	uint32_t ok;

	memcpy(q, pub, sizeof(q));
	ok = br_ecdsa_i31_vrfy_raw(keys_ec, digest, KEYS_DIGEST_LEN, &pk, sig, KEYS_SIG_LEN);
	return ok == 1u;
}
