/*
 * Signing and verifying messages, and the rotation certificate: what
 * SIGN, VERIFY and CERT of keystored compute. A message is signed as
 * SHA-256("cairn sign" || 0x00 || message); a rotation signs SHA-256("cairn
 * key rotation" || generation || public point). The two inputs differ in
 * their first bytes, so no message SIGN takes can stand for a rotation
 * certificate. The curve's operations are in keys_ec.c.
 */
#include "cairn/abi/errors.h"
#include "keys_internal.h"

/* Prefixes the rotation digest's input, without a terminator. */
static const char keys_rotation_label[] = "cairn key rotation";
/* Prefixes a message's, its terminating NUL included. */
static const char keys_message_label[] = "cairn sign";

void keys_digest(const uint8_t *msg, size_t n, uint8_t out[KEYS_DIGEST_LEN])
{
	br_sha256_context sha;

	br_sha256_init(&sha);
	br_sha256_update(&sha, msg, n);
	br_sha256_out(&sha, out);
}

void keys_rotation_digest(uint32_t generation, const uint8_t pub[KEYS_PUB_LEN],
			  uint8_t out[KEYS_DIGEST_LEN])
{
	br_sha256_context sha;
	uint8_t gen[4];

	keys_put32be(gen, generation);
	br_sha256_init(&sha);
	br_sha256_update(&sha, keys_rotation_label, sizeof(keys_rotation_label) - 1);
	br_sha256_update(&sha, gen, sizeof(gen));
	br_sha256_update(&sha, pub, KEYS_PUB_LEN);
	br_sha256_out(&sha, out);
}

void keys_message_digest(const uint8_t *msg, size_t n, uint8_t out[KEYS_DIGEST_LEN])
{
	br_sha256_context sha;

	br_sha256_init(&sha);
	br_sha256_update(&sha, keys_message_label, sizeof(keys_message_label));
	br_sha256_update(&sha, msg, n);
	br_sha256_out(&sha, out);
}

static bool keys_message_fits(size_t n)
{
	return n >= 1 && n <= KEYS_MESSAGE_MAX;
}

int keys_sign(const struct keys_pair *k, const uint8_t *msg, size_t n, uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t digest[KEYS_DIGEST_LEN];

	if (!keys_message_fits(n))
		return ERR_INVAL;
	keys_message_digest(msg, n, digest);
	return keys_sign_digest(k->priv, digest, sig);
}

bool keys_verify(const uint8_t pub[KEYS_PUB_LEN], const uint8_t *msg, size_t n,
		 const uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t digest[KEYS_DIGEST_LEN];

	if (!keys_message_fits(n))
		return false;
	keys_message_digest(msg, n, digest);
	return keys_verify_digest(pub, digest, sig);
}

bool keys_cert_valid(const struct keys_pair *k)
{
	uint8_t digest[KEYS_DIGEST_LEN];

	if (!k->has_cert || k->generation < 2)
		return false;
	keys_rotation_digest(k->generation, k->pub, digest);
	return keys_verify_digest(k->prev_pub, digest, k->cert);
}
