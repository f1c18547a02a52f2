/*
 * Host tests of libkeys: key generation (deterministic from the seed, a
 * known answer computed apart from BearSSL), SHA-256 and the rotation
 * digest, signing and verifying (RFC 6979's known answer, determinism,
 * every flipped bit of a message, signature or public point refused, the
 * bounds), private keys out of range refused, rotation and its cert, and
 * wiping. The record codec is in test_record.c and the audit line in
 * test_audit.c; main runs all three.
 *
 * Known answers not from an RFC were computed with Python's hmac and
 * hashlib (the HMAC-DRBG of SP 800-90A written out) and the cryptography
 * package (the public points), not with BearSSL.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../keys_internal.h"
#include "cairn/abi/errors.h"
#include "keys.h"
#include "keys_tests.h"

const char rfc6979_priv_hex[] = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
const char rfc6979_pub_hex[] = "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
			       "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
const char p256_order_hex[] = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

/* RFC 6979 A.2.5, P-256 with SHA-256, message "sample": r, then s. */
static const char rfc6979_sample_sig_hex[] =
	"EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
	"F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8";

/* keys_generate from seed_fill(0): the DRBG's first draw, and its public point. */
static const char gen_seed0_priv_hex[] =
	"fc83c973d80ce6973938ac84a395d0fa709ba102ff32e6a44ece37c9dfffd12c";
static const char gen_seed0_pub_hex[] =
	"04f32f9ddc35f905a0135477ad179a7c909e7570778c1d7d6bab3d99790c905c15"
	"b79095a3b1f3cdf971c5ee9d40573982a47cf2669468b29f9fd015db6f18649b";

static unsigned hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	ck_abort_msg("bad hex digit '%c'", c);
	return 0;
}

void hex_to_bytes(const char *hex, uint8_t *out, size_t n)
{
	ck_assert_uint_eq(strlen(hex), 2 * n);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]));
}

bool pairs_equal(const struct keys_pair *a, const struct keys_pair *b)
{
	return a->generation == b->generation && memcmp(a->priv, b->priv, KEYS_PRIV_LEN) == 0 &&
	       memcmp(a->pub, b->pub, KEYS_PUB_LEN) == 0 && a->has_cert == b->has_cert &&
	       memcmp(a->prev_pub, b->prev_pub, KEYS_PUB_LEN) == 0 &&
	       memcmp(a->cert, b->cert, KEYS_SIG_LEN) == 0;
}

void seed_fill(uint8_t seed[KEYS_SEED_LEN], uint8_t base)
{
	for (size_t i = 0; i < KEYS_SEED_LEN; i++)
		seed[i] = (uint8_t)(base + i);
}

void pair_gen1(struct keys_pair *k)
{
	uint8_t seed[KEYS_SEED_LEN];

	seed_fill(seed, 0);
	ck_assert_int_eq(keys_generate(k, seed), 0);
}

void pair_gen2(struct keys_pair *k)
{
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair old;

	pair_gen1(&old);
	seed_fill(seed, 100);
	ck_assert_int_eq(keys_rotate(&old, seed, k), 0);
}

void untouched_pair(struct keys_pair *k)
{
	memset(k, 0xa5, sizeof(*k));
	k->has_cert = true;
}

/* A pair holding the RFC 6979 key, as keystored would hold a decoded one. */
static void pair_rfc6979(struct keys_pair *k)
{
	memset(k, 0, sizeof(*k));
	k->generation = 1;
	hex_to_bytes(rfc6979_priv_hex, k->priv, KEYS_PRIV_LEN);
	hex_to_bytes(rfc6979_pub_hex, k->pub, KEYS_PUB_LEN);
}

static const uint8_t zero_pub[KEYS_PUB_LEN];
static const uint8_t zero_sig[KEYS_SIG_LEN];

START_TEST(test_generate_known_answer)
{
	struct keys_pair k;
	uint8_t priv[KEYS_PRIV_LEN];
	uint8_t pub[KEYS_PUB_LEN];

	untouched_pair(&k);
	pair_gen1(&k);
	hex_to_bytes(gen_seed0_priv_hex, priv, sizeof(priv));
	hex_to_bytes(gen_seed0_pub_hex, pub, sizeof(pub));
	ck_assert_uint_eq(k.generation, 1);
	ck_assert_mem_eq(k.priv, priv, KEYS_PRIV_LEN);
	ck_assert_mem_eq(k.pub, pub, KEYS_PUB_LEN);
	ck_assert(!k.has_cert);
	ck_assert_mem_eq(k.prev_pub, zero_pub, KEYS_PUB_LEN);
	ck_assert_mem_eq(k.cert, zero_sig, KEYS_SIG_LEN);
}
END_TEST

START_TEST(test_generate_deterministic_and_seed_sensitive)
{
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair a;
	struct keys_pair b;

	seed_fill(seed, 7);
	ck_assert_int_eq(keys_generate(&a, seed), 0);
	ck_assert_int_eq(keys_generate(&b, seed), 0);
	ck_assert(pairs_equal(&a, &b));
	/* one bit of the seed, first and last byte: another key */
	for (size_t i = 0; i < KEYS_SEED_LEN; i += KEYS_SEED_LEN - 1) {
		seed[i] ^= 1u;
		ck_assert_int_eq(keys_generate(&b, seed), 0);
		seed[i] ^= 1u;
		ck_assert_mem_ne(a.priv, b.priv, KEYS_PRIV_LEN);
		ck_assert_mem_ne(a.pub, b.pub, KEYS_PUB_LEN);
	}
}
END_TEST

START_TEST(test_digest_known_answers)
{
	uint8_t out[KEYS_DIGEST_LEN];
	uint8_t want[KEYS_DIGEST_LEN];
	uint8_t input[18 + 4 + KEYS_PUB_LEN];
	struct keys_pair k;

	/* FIPS 180-2's "abc" */
	keys_digest((const uint8_t *)"abc", 3, out);
	hex_to_bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want,
		     sizeof(want));
	ck_assert_mem_eq(out, want, sizeof(want));

	/* the rotation digest is SHA-256 of label, generation (big-endian) and point */
	pair_gen1(&k);
	hex_to_bytes("636169726e206b657920726f746174696f6e" /* "cairn key rotation" */ "01020304",
		     input, 22);
	memcpy(input + 22, k.pub, KEYS_PUB_LEN);
	keys_digest(input, sizeof(input), want);
	keys_rotation_digest(0x01020304u, k.pub, out);
	ck_assert_mem_eq(out, want, sizeof(want));
}
END_TEST

START_TEST(test_pub_of_known_answer)
{
	uint8_t priv[KEYS_PRIV_LEN];
	uint8_t want[KEYS_PUB_LEN];
	uint8_t pub[KEYS_PUB_LEN];

	hex_to_bytes(rfc6979_priv_hex, priv, sizeof(priv));
	hex_to_bytes(rfc6979_pub_hex, want, sizeof(want));
	ck_assert_int_eq(keys_pub_of(priv, pub), 0);
	ck_assert_mem_eq(pub, want, sizeof(want));
}
END_TEST

START_TEST(test_sign_rfc6979_known_answer)
{
	struct keys_pair k;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t want[KEYS_SIG_LEN];

	uint8_t digest[KEYS_DIGEST_LEN];

	/* The vector signs SHA-256("sample") itself: the signer below SIGN's label. */
	pair_rfc6979(&k);
	hex_to_bytes(rfc6979_sample_sig_hex, want, sizeof(want));
	keys_digest((const uint8_t *)"sample", 6, digest);
	ck_assert_int_eq(keys_sign_digest(k.priv, digest, sig), 0);
	ck_assert_mem_eq(sig, want, sizeof(want));
	ck_assert(keys_verify_digest(k.pub, digest, want));
	/* SIGN labels its input, so the bare digest's signature is not a message's. */
	ck_assert(!keys_verify(k.pub, (const uint8_t *)"sample", 6, want));
}
END_TEST

/* SIGN's input is SHA-256("cairn sign" || 0x00 || message), computed here without libkeys's code.
 */
START_TEST(test_sign_labels_its_message)
{
	static const uint8_t input[] = "cairn sign\0hello";
	struct keys_pair k;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t digest[KEYS_DIGEST_LEN];
	br_sha256_context sha;

	pair_rfc6979(&k);
	br_sha256_init(&sha);
	br_sha256_update(&sha, input, sizeof(input) - 1);
	br_sha256_out(&sha, digest);
	ck_assert_int_eq(keys_sign(&k, (const uint8_t *)"hello", 5, sig), 0);
	ck_assert(keys_verify_digest(k.pub, digest, sig));
}
END_TEST

/* A signer may SIGN anything up to KEYS_MESSAGE_MAX bytes, a rotation's input too: no certificate.
 */
START_TEST(test_sign_cannot_forge_a_rotation)
{
	uint8_t input[18 + 4 + KEYS_PUB_LEN];
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair k;
	struct keys_pair other;
	struct keys_pair forged;

	pair_rfc6979(&k);
	memset(seed, 7, sizeof(seed));
	ck_assert_int_eq(keys_generate(&other, seed), 0);
	memcpy(input, "cairn key rotation", 18);
	input[18] = 0, input[19] = 0, input[20] = 0, input[21] = 2;
	memcpy(input + 22, other.pub, KEYS_PUB_LEN);
	forged = other;
	forged.generation = 2;
	forged.has_cert = true;
	memcpy(forged.prev_pub, k.pub, KEYS_PUB_LEN);
	ck_assert_int_eq(keys_sign(&k, input, sizeof(input), forged.cert), 0);
	ck_assert(!keys_cert_valid(&forged));
}
END_TEST

START_TEST(test_sign_verify_round_trip_and_deterministic)
{
	static const uint8_t msg[] = "attest: boot 3";
	struct keys_pair k;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t again[KEYS_SIG_LEN];
	uint8_t other[KEYS_SIG_LEN];

	pair_gen1(&k);
	ck_assert_int_eq(keys_sign(&k, msg, sizeof(msg) - 1, sig), 0);
	ck_assert(keys_verify(k.pub, msg, sizeof(msg) - 1, sig));
	ck_assert_int_eq(keys_sign(&k, msg, sizeof(msg) - 1, again), 0);
	ck_assert_mem_eq(sig, again, sizeof(sig));
	/* another message, another signature, and neither verifies for the other */
	ck_assert_int_eq(keys_sign(&k, msg, sizeof(msg) - 2, other), 0);
	ck_assert_mem_ne(sig, other, sizeof(sig));
	ck_assert(!keys_verify(k.pub, msg, sizeof(msg) - 1, other));
	ck_assert(!keys_verify(k.pub, msg, sizeof(msg) - 2, sig));
}
END_TEST

START_TEST(test_message_bounds)
{
	uint8_t msg[KEYS_MESSAGE_MAX + 1];
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t untouched[KEYS_SIG_LEN];
	uint8_t digest[KEYS_DIGEST_LEN];
	struct keys_pair k;

	pair_gen1(&k);
	memset(msg, 'm', sizeof(msg));
	ck_assert_int_eq(keys_sign(&k, msg, 1, sig), 0);
	ck_assert(keys_verify(k.pub, msg, 1, sig));
	ck_assert_int_eq(keys_sign(&k, msg, KEYS_MESSAGE_MAX, sig), 0);
	ck_assert(keys_verify(k.pub, msg, KEYS_MESSAGE_MAX, sig));

	memset(sig, 0x5a, sizeof(sig));
	memcpy(untouched, sig, sizeof(sig));
	ck_assert_int_eq(keys_sign(&k, msg, 0, sig), ERR_INVAL);
	ck_assert_int_eq(keys_sign(&k, msg, KEYS_MESSAGE_MAX + 1, sig), ERR_INVAL);
	ck_assert_mem_eq(sig, untouched, sizeof(sig));
	/* verify refuses those lengths even for a signature over the very digest */
	keys_digest(msg, 0, digest);
	ck_assert_int_eq(keys_sign_digest(k.priv, digest, sig), 0);
	ck_assert(!keys_verify(k.pub, msg, 0, sig));
	keys_digest(msg, KEYS_MESSAGE_MAX + 1, digest);
	ck_assert_int_eq(keys_sign_digest(k.priv, digest, sig), 0);
	ck_assert(!keys_verify(k.pub, msg, KEYS_MESSAGE_MAX + 1, sig));
}
END_TEST

START_TEST(test_every_flipped_bit_refused)
{
	uint8_t msg[16];
	uint8_t sig[KEYS_SIG_LEN];
	struct keys_pair k;

	pair_gen1(&k);
	memcpy(msg, "flip every bit!!", sizeof(msg));
	ck_assert_int_eq(keys_sign(&k, msg, sizeof(msg), sig), 0);
	ck_assert(keys_verify(k.pub, msg, sizeof(msg), sig));
	for (size_t bit = 0; bit < 8 * sizeof(msg); bit++) {
		msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_msg(!keys_verify(k.pub, msg, sizeof(msg), sig), "message bit %zu", bit);
		msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	for (size_t bit = 0; bit < 8 * sizeof(sig); bit++) {
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_msg(!keys_verify(k.pub, msg, sizeof(msg), sig), "signature bit %zu", bit);
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	for (size_t bit = 0; bit < 8 * sizeof(k.pub); bit++) {
		k.pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_msg(!keys_verify(k.pub, msg, sizeof(msg), sig), "public bit %zu", bit);
		k.pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* and, all restored, it verifies again */
	ck_assert(keys_verify(k.pub, msg, sizeof(msg), sig));
}
END_TEST

START_TEST(test_private_key_range)
{
	struct keys_pair k;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t untouched[KEYS_SIG_LEN];
	uint8_t pub[KEYS_PUB_LEN];

	memset(sig, 0x5a, sizeof(sig));
	memcpy(untouched, sig, sizeof(sig));
	pair_rfc6979(&k);
	memset(k.priv, 0, KEYS_PRIV_LEN);
	ck_assert(!keys_priv_is_valid(k.priv));
	ck_assert_int_eq(keys_pub_of(k.priv, pub), ERR_INVAL);
	ck_assert_int_eq(keys_sign(&k, (const uint8_t *)"x", 1, sig), ERR_INVAL);
	hex_to_bytes(p256_order_hex, k.priv, KEYS_PRIV_LEN);
	ck_assert(!keys_priv_is_valid(k.priv));
	ck_assert_int_eq(keys_pub_of(k.priv, pub), ERR_INVAL);
	ck_assert_int_eq(keys_sign(&k, (const uint8_t *)"x", 1, sig), ERR_INVAL);
	ck_assert_mem_eq(sig, untouched, sizeof(sig));
	memset(k.priv, 0xff, KEYS_PRIV_LEN);
	ck_assert(!keys_priv_is_valid(k.priv));

	/* n - 1 and 1, the ends of the range, are keys */
	hex_to_bytes(p256_order_hex, k.priv, KEYS_PRIV_LEN);
	k.priv[KEYS_PRIV_LEN - 1]--;
	ck_assert(keys_priv_is_valid(k.priv));
	ck_assert_int_eq(keys_pub_of(k.priv, k.pub), 0);
	ck_assert_int_eq(keys_sign(&k, (const uint8_t *)"x", 1, sig), 0);
	ck_assert(keys_verify(k.pub, (const uint8_t *)"x", 1, sig));
	memset(k.priv, 0, KEYS_PRIV_LEN);
	k.priv[KEYS_PRIV_LEN - 1] = 1;
	ck_assert(keys_priv_is_valid(k.priv));
}
END_TEST

START_TEST(test_rotate)
{
	struct keys_pair old;
	struct keys_pair next;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t digest[KEYS_DIGEST_LEN];

	pair_gen1(&old);
	ck_assert(!keys_cert_valid(&old));
	pair_gen2(&next);
	ck_assert_uint_eq(next.generation, 2);
	ck_assert(next.has_cert);
	ck_assert_mem_eq(next.prev_pub, old.pub, KEYS_PUB_LEN);
	ck_assert_mem_ne(next.pub, old.pub, KEYS_PUB_LEN);
	ck_assert(keys_cert_valid(&next));
	/* the cert is the old key's signature over the rotation digest, and not the new key's */
	keys_rotation_digest(2, next.pub, digest);
	ck_assert(keys_verify_digest(old.pub, digest, next.cert));
	ck_assert(!keys_verify_digest(next.pub, digest, next.cert));
	/* the new key signs; the old key's signature is not the new key's */
	ck_assert_int_eq(keys_sign(&next, (const uint8_t *)"hi", 2, sig), 0);
	ck_assert(keys_verify(next.pub, (const uint8_t *)"hi", 2, sig));
	ck_assert(!keys_verify(old.pub, (const uint8_t *)"hi", 2, sig));
}
END_TEST

START_TEST(test_rotate_in_place_and_again)
{
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair k;
	struct keys_pair copy;
	uint8_t pub2[KEYS_PUB_LEN];

	pair_gen2(&copy);
	pair_gen1(&k);
	seed_fill(seed, 100);
	ck_assert_int_eq(keys_rotate(&k, seed, &k), 0);
	ck_assert(pairs_equal(&k, &copy));
	memcpy(pub2, k.pub, KEYS_PUB_LEN);
	seed_fill(seed, 200);
	ck_assert_int_eq(keys_rotate(&k, seed, &k), 0);
	ck_assert_uint_eq(k.generation, 3);
	ck_assert_mem_eq(k.prev_pub, pub2, KEYS_PUB_LEN);
	ck_assert(keys_cert_valid(&k));
}
END_TEST

START_TEST(test_tampered_cert_invalid)
{
	struct keys_pair good;
	struct keys_pair old;
	struct keys_pair k;
	uint8_t digest[KEYS_DIGEST_LEN];

	pair_gen2(&good);
	ck_assert(keys_cert_valid(&good));
	for (size_t bit = 0; bit < 8 * sizeof(k.cert); bit++) {
		k = good;
		k.cert[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_msg(!keys_cert_valid(&k), "cert bit %zu", bit);
	}
	k = good;
	k.prev_pub[40] ^= 0x10u;
	ck_assert(!keys_cert_valid(&k));
	k = good;
	k.pub[40] ^= 0x10u;
	ck_assert(!keys_cert_valid(&k));
	k = good;
	k.generation = 3;
	ck_assert(!keys_cert_valid(&k));
	k = good;
	k.has_cert = false;
	ck_assert(!keys_cert_valid(&k));
	/* signed by the new key itself, not the one before */
	k = good;
	keys_rotation_digest(k.generation, k.pub, digest);
	ck_assert_int_eq(keys_sign_digest(k.priv, digest, k.cert), 0);
	ck_assert(!keys_cert_valid(&k));
	/* a cert that verifies, but at generation 1 (or 0), is not one */
	pair_gen1(&old);
	k = good;
	for (uint32_t gen = 0; gen < 2; gen++) {
		k.generation = gen;
		keys_rotation_digest(gen, k.pub, digest);
		ck_assert_int_eq(keys_sign_digest(old.priv, digest, k.cert), 0);
		ck_assert(keys_verify_digest(k.prev_pub, digest, k.cert));
		ck_assert(!keys_cert_valid(&k));
	}
}
END_TEST

START_TEST(test_rotate_refusals_leave_output)
{
	uint8_t seed[KEYS_SEED_LEN];
	struct keys_pair old;
	struct keys_pair out;
	struct keys_pair untouched;

	seed_fill(seed, 9);
	untouched_pair(&out);
	untouched = out;
	pair_gen1(&old);
	old.generation = UINT32_MAX;
	ck_assert_int_eq(keys_rotate(&old, seed, &out), ERR_RANGE);
	old.generation = 0;
	ck_assert_int_eq(keys_rotate(&old, seed, &out), ERR_INVAL);
	old.generation = UINT32_MAX - 1;
	memset(old.priv, 0, KEYS_PRIV_LEN);
	ck_assert_int_eq(keys_rotate(&old, seed, &out), ERR_INVAL);
	ck_assert(pairs_equal(&out, &untouched));
	/* the last generation there is */
	pair_gen1(&old);
	old.generation = UINT32_MAX - 1;
	ck_assert_int_eq(keys_rotate(&old, seed, &out), 0);
	ck_assert_uint_eq(out.generation, UINT32_MAX);
	ck_assert(keys_cert_valid(&out));
}
END_TEST

START_TEST(test_wipe)
{
	struct keys_pair k;
	static const struct keys_pair zero;

	pair_gen2(&k);
	keys_wipe(&k);
	ck_assert(pairs_equal(&k, &zero));
}
END_TEST

static TCase *keys_tcase(void)
{
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, test_generate_known_answer);
	tcase_add_test(tc, test_generate_deterministic_and_seed_sensitive);
	tcase_add_test(tc, test_digest_known_answers);
	tcase_add_test(tc, test_pub_of_known_answer);
	tcase_add_test(tc, test_sign_rfc6979_known_answer);
	tcase_add_test(tc, test_sign_labels_its_message);
	tcase_add_test(tc, test_sign_cannot_forge_a_rotation);
	tcase_add_test(tc, test_sign_verify_round_trip_and_deterministic);
	tcase_add_test(tc, test_message_bounds);
	tcase_add_test(tc, test_every_flipped_bit_refused);
	tcase_add_test(tc, test_private_key_range);
	tcase_add_test(tc, test_rotate);
	tcase_add_test(tc, test_rotate_in_place_and_again);
	tcase_add_test(tc, test_tampered_cert_invalid);
	tcase_add_test(tc, test_rotate_refusals_leave_output);
	tcase_add_test(tc, test_wipe);
	return tc;
}

int main(void)
{
	Suite *s = suite_create("keys");
	SRunner *sr;
	int failed;

	suite_add_tcase(s, keys_tcase());
	suite_add_tcase(s, keys_record_tcase());
	suite_add_tcase(s, keys_audit_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
