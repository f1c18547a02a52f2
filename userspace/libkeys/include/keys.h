/*
 * libkeys: keystored's logic (RFC-0019): the device's ECDSA P-256 key pair
 * made from a seed, rotation with the old key signing the new public point,
 * signing and verifying (SHA-256, then ECDSA with RFC 6979 nonces, so
 * signing needs no randomness), the record kept in statefsd's namespace
 * `keystore`, and the audit line for one signing. Every primitive is
 * BearSSL's (ADR-0007); this library only arranges them.
 *
 * Pure: no system calls, no globals, no I/O, no logging. Randomness comes in
 * as a seed the caller took from rngd; storage is the caller's, as bytes.
 *
 * Errors (negative codes of cairn/abi/errors.h): ERR_INVAL (a bad argument:
 * a message length out of bounds, a pair whose private key is not one),
 * ERR_RANGE (no generation after UINT32_MAX), ERR_CORRUPT (a record that
 * does not decode to a consistent pair). ret_* parameters are written only
 * on success. A struct keys_pair holds the private key: wipe it with
 * keys_wipe when done.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYS_PRIV_LEN	 32  /* the private scalar, big-endian, 0 < priv < the curve's order */
#define KEYS_PUB_LEN	 65  /* SEC1 uncompressed point: 0x04, x, y */
#define KEYS_SIG_LEN	 64  /* r || s, 32 bytes each, big-endian */
#define KEYS_DIGEST_LEN	 32  /* SHA-256 */
#define KEYS_SEED_LEN	 48  /* bytes from rngd that make one key */
#define KEYS_MESSAGE_MAX 192 /* most bytes SIGN takes (and VERIFY checks) */
#define KEYS_RECORD_MAX	 240 /* room enough for any record keys_record_encode writes */

/* The record's version, and its two lengths: without and with prev_pub and cert. */
#define KEYS_RECORD_VERSION  1u
#define KEYS_RECORD_HEAD_LEN (1 + 4 + KEYS_PRIV_LEN + KEYS_PUB_LEN + 1)
#define KEYS_RECORD_CERT_LEN (KEYS_RECORD_HEAD_LEN + KEYS_PUB_LEN + KEYS_SIG_LEN)

/*
 * One key pair. Generation 1 is the first; from generation 2 on, has_cert is
 * true, prev_pub is the pair before it and cert that pair's signature over
 * keys_rotation_digest(generation, pub). At generation 1 prev_pub and cert
 * are zero.
 */
struct keys_pair {
	uint32_t generation;
	uint8_t priv[KEYS_PRIV_LEN];
	uint8_t pub[KEYS_PUB_LEN];
	bool has_cert;
	uint8_t prev_pub[KEYS_PUB_LEN];
	uint8_t cert[KEYS_SIG_LEN];
};

/*
 * A pair of generation 1, without cert, from seed: the seed and the
 * personalisation "cairn keystored" instantiate an HMAC-DRBG (SHA-256), from
 * which br_ec_keygen draws the private key. The same seed gives the same
 * pair. Returns 0 (an error only if BearSSL refused, which it does not for
 * P-256).
 */
int keys_generate(struct keys_pair *ret_pair, const uint8_t seed[KEYS_SEED_LEN]);

/*
 * The pair after old, made from seed as keys_generate makes one: generation
 * old's plus one, prev_pub old's pub, cert old's signature over
 * keys_rotation_digest(the new generation, the new pub). ret_next may be
 * old itself. ERR_RANGE when old is at generation UINT32_MAX, ERR_INVAL
 * when old is at generation 0 or its private key is not one.
 */
int keys_rotate(const struct keys_pair *old, const uint8_t seed[KEYS_SEED_LEN],
		struct keys_pair *ret_next);

/* SHA-256 of msg's n bytes (what the audit line shows). */
void keys_digest(const uint8_t *msg, size_t n, uint8_t out[KEYS_DIGEST_LEN]);
/* What SIGN signs: SHA-256("cairn sign" || 0x00 || msg), never a rotation's input. */
void keys_message_digest(const uint8_t *msg, size_t n, uint8_t out[KEYS_DIGEST_LEN]);

/* What a rotation signs: SHA-256("cairn key rotation" || generation, 4 bytes big-endian || pub). */
void keys_rotation_digest(uint32_t generation, const uint8_t pub[KEYS_PUB_LEN],
			  uint8_t out[KEYS_DIGEST_LEN]);

/*
 * Signs msg's n bytes with k's private key: SHA-256, then ECDSA with the
 * nonce of RFC 6979, so the same key and message give the same signature.
 * ERR_INVAL for n of 0 or over KEYS_MESSAGE_MAX, or a private key that is
 * not one (zero, or not below the curve's order); sig is then untouched.
 */
int keys_sign(const struct keys_pair *k, const uint8_t *msg, size_t n, uint8_t sig[KEYS_SIG_LEN]);

/*
 * Whether sig is pub's signature over msg's n bytes, as keys_sign makes it.
 * False too for n of 0 or over KEYS_MESSAGE_MAX (keys_sign signs no such
 * message) and for a pub that is not a point of the curve.
 */
bool keys_verify(const uint8_t pub[KEYS_PUB_LEN], const uint8_t *msg, size_t n,
		 const uint8_t sig[KEYS_SIG_LEN]);

/*
 * Whether k has a cert, at a generation from 2 on, and prev_pub signed the
 * rotation digest of k's generation and pub.
 */
bool keys_cert_valid(const struct keys_pair *k);

/*
 * The stored record: version byte 1, the generation (4 bytes big-endian),
 * priv, pub, a flag byte (0: no more; 1: prev_pub and cert follow).
 * Returns the bytes written (KEYS_RECORD_HEAD_LEN or KEYS_RECORD_CERT_LEN),
 * or 0, writing nothing, when cap is too small.
 */
size_t keys_record_encode(const struct keys_pair *k, uint8_t *out, size_t cap);

/*
 * Decodes and checks a record. ERR_CORRUPT for anything malformed: a length
 * not its flag's, an unknown version or flag, generation 0, a cert at
 * generation 1 or none after it, a private key of zero or not below the
 * curve's order, a pub that is not the private key's, a cert that does not
 * verify. ret_pair is untouched on error.
 */
int keys_record_decode(struct keys_pair *ret_pair, const uint8_t *in, size_t n);

/*
 * keystored's audit line for one signing, into out (always NUL-terminated
 * when cap > 0, cut short if cap is too small):
 *   "sign for 0x<badge>: <len> bytes, sha256 <first 8 bytes of digest>..., key <generation>"
 * Returns the characters written, without the NUL (0 when cap is 0).
 * KEYS_AUDIT_MAX is the room the longest line takes, NUL included.
 */
#define KEYS_AUDIT_MAX 100
size_t keys_audit_line(char *out, size_t cap, uint64_t badge, size_t len,
		       const uint8_t digest[KEYS_DIGEST_LEN], uint32_t generation);

/* Zeroes the whole pair, the private key with it, by stores the compiler keeps. */
void keys_wipe(struct keys_pair *k);

#endif /* KEYS_H */
