/*
 * What the files of libkeys share and nothing outside it uses: the curve
 * (BearSSL's P-256 implementation on 31-bit limbs), the private key's range
 * check, deriving a public point, signing and verifying a digest, big-endian
 * words, and a wipe the compiler keeps.
 */
#ifndef KEYS_INTERNAL_H
#define KEYS_INTERNAL_H

#include <bearssl.h>

#include "keys.h"

/* The one curve: NIST P-256 (BearSSL's secp256r1). */
#define KEYS_CURVE BR_EC_secp256r1
#define keys_ec	   (&br_ec_p256_m31)

/* Whether priv is a private key: 0 < priv < the curve's order. */
bool keys_priv_is_valid(const uint8_t priv[KEYS_PRIV_LEN]);

/* priv's public point into ret_pub. ERR_INVAL when priv is not a private key. */
int keys_pub_of(const uint8_t priv[KEYS_PRIV_LEN], uint8_t ret_pub[KEYS_PUB_LEN]);

/* ECDSA over a SHA-256 digest with priv, RFC 6979 nonce. ERR_INVAL when priv is not a key. */
int keys_sign_digest(const uint8_t priv[KEYS_PRIV_LEN], const uint8_t digest[KEYS_DIGEST_LEN],
		     uint8_t sig[KEYS_SIG_LEN]);

/* Whether sig is pub's signature over digest. */
bool keys_verify_digest(const uint8_t pub[KEYS_PUB_LEN], const uint8_t digest[KEYS_DIGEST_LEN],
			const uint8_t sig[KEYS_SIG_LEN]);

/* Big-endian 32-bit words, as the record and the rotation digest write them. */
static inline void keys_put32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t keys_get32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Zeroes n bytes at p through a volatile pointer, so the stores are not dropped as dead. */
void keys_wipe_bytes(void *p, size_t n);

#endif /* KEYS_INTERNAL_H */
