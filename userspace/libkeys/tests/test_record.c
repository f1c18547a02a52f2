/*
 * Host tests of the key record (keys_record_encode and _decode): round
 * trips at generations 1 and 2, the encoder's room, every truncation and
 * every single-bit flip of a valid record refused, each rule of the check
 * broken alone, and private keys out of range refused even with the point
 * BearSSL computes for them. A refused decode must leave its output as it
 * was.
 */
#include <check.h>
#include <string.h>

#include "../keys_internal.h"
#include "cairn/abi/errors.h"
#include "keys.h"
#include "keys_tests.h"

/* Decodes in and checks that it is refused with ERR_CORRUPT and ret_pair left as it was. */
static void expect_corrupt(const uint8_t *in, size_t n, const char *what, size_t at)
{
	struct keys_pair out;
	struct keys_pair untouched;

	untouched_pair(&out);
	untouched = out;
	ck_assert_msg(keys_record_decode(&out, in, n) == ERR_CORRUPT, "%s %zu decoded", what, at);
	ck_assert_msg(pairs_equal(&out, &untouched), "%s %zu wrote out", what, at);
}

static size_t encode(const struct keys_pair *k, uint8_t rec[KEYS_RECORD_MAX])
{
	size_t len = keys_record_encode(k, rec, KEYS_RECORD_MAX);

	ck_assert_uint_ne(len, 0);
	return len;
}

static void expect_round_trip(const struct keys_pair *k, size_t want_len)
{
	uint8_t rec[KEYS_RECORD_MAX];
	struct keys_pair back;
	size_t len = encode(k, rec);

	ck_assert_uint_eq(len, want_len);
	untouched_pair(&back);
	ck_assert_int_eq(keys_record_decode(&back, rec, len), 0);
	ck_assert(pairs_equal(&back, k));
}

START_TEST(test_round_trip)
{
	struct keys_pair k;
	uint8_t rec[KEYS_RECORD_MAX];

	pair_gen1(&k);
	expect_round_trip(&k, KEYS_RECORD_HEAD_LEN);
	/* the layout of RFC-0019: version, generation big-endian, priv, pub, flag */
	(void)encode(&k, rec);
	ck_assert_uint_eq(rec[0], 1);
	ck_assert_mem_eq(rec + 1, "\0\0\0\1", 4);
	ck_assert_mem_eq(rec + 5, k.priv, KEYS_PRIV_LEN);
	ck_assert_mem_eq(rec + 37, k.pub, KEYS_PUB_LEN);
	ck_assert_uint_eq(rec[102], 0);

	pair_gen2(&k);
	expect_round_trip(&k, KEYS_RECORD_CERT_LEN);
	(void)encode(&k, rec);
	ck_assert_mem_eq(rec + 1, "\0\0\0\2", 4);
	ck_assert_uint_eq(rec[102], 1);
	ck_assert_mem_eq(rec + 103, k.prev_pub, KEYS_PUB_LEN);
	ck_assert_mem_eq(rec + 168, k.cert, KEYS_SIG_LEN);
}
END_TEST

START_TEST(test_encode_needs_room)
{
	struct keys_pair k;
	uint8_t rec[KEYS_RECORD_MAX];
	uint8_t untouched[KEYS_RECORD_MAX];

	pair_gen2(&k);
	memset(rec, 0x5a, sizeof(rec));
	memcpy(untouched, rec, sizeof(rec));
	ck_assert_uint_eq(keys_record_encode(&k, rec, KEYS_RECORD_CERT_LEN - 1), 0);
	ck_assert_uint_eq(keys_record_encode(&k, rec, 0), 0);
	ck_assert_mem_eq(rec, untouched, sizeof(rec));
	ck_assert_uint_eq(keys_record_encode(&k, rec, KEYS_RECORD_CERT_LEN), KEYS_RECORD_CERT_LEN);
	ck_assert_uint_eq(rec[KEYS_RECORD_CERT_LEN], 0x5a);
}
END_TEST

/* Every proper prefix of a valid record, and the record with a byte more, are refused. */
static void expect_lengths_refused(const struct keys_pair *k)
{
	uint8_t rec[KEYS_RECORD_MAX + 1];
	size_t len = encode(k, rec);

	for (size_t n = 0; n < len; n++)
		expect_corrupt(rec, n, "prefix of length", n);
	rec[len] = 0;
	expect_corrupt(rec, len + 1, "extended to length", len + 1);
}

START_TEST(test_every_truncation_refused)
{
	struct keys_pair k;

	pair_gen1(&k);
	expect_lengths_refused(&k);
	pair_gen2(&k);
	expect_lengths_refused(&k);
}
END_TEST

/*
 * Every single-bit flip of a valid record is refused. None can stay
 * self-consistent: the version and flag admit one value each for the
 * length, a generation flip breaks the flag's rule or the cert's digest,
 * a priv flip no longer gives pub (or leaves the range), a pub flip is not
 * priv's point, and prev_pub and cert flips fail the cert's verification.
 */
static void expect_flips_refused(const struct keys_pair *k)
{
	uint8_t rec[KEYS_RECORD_MAX];
	size_t len = encode(k, rec);

	for (size_t bit = 0; bit < 8 * len; bit++) {
		rec[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		expect_corrupt(rec, len, "record with flipped bit", bit);
		rec[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
}

START_TEST(test_every_flip_refused_gen1)
{
	struct keys_pair k;

	pair_gen1(&k);
	expect_flips_refused(&k);
}
END_TEST

START_TEST(test_every_flip_refused_gen2)
{
	struct keys_pair k;

	pair_gen2(&k);
	expect_flips_refused(&k);
}
END_TEST

START_TEST(test_each_rule_alone)
{
	struct keys_pair k;
	struct keys_pair old;
	struct keys_pair out;
	uint8_t digest[KEYS_DIGEST_LEN];
	uint8_t rec[KEYS_RECORD_MAX];
	size_t len;

	pair_gen1(&k);
	len = encode(&k, rec);
	rec[0] = 2; /* a version this code does not know */
	expect_corrupt(rec, len, "version", 2);
	rec[0] = 1;
	rec[102] = 2; /* a flag that means nothing */
	expect_corrupt(rec, len, "flag", 2);
	rec[102] = 1; /* a cert promised, none there */
	expect_corrupt(rec, len, "flag", 1);
	rec[102] = 0;
	rec[4] = 0; /* generation 0 */
	expect_corrupt(rec, len, "generation", 0);
	rec[4] = 2; /* generation 2 without a cert */
	expect_corrupt(rec, len, "generation", 2);
	rec[4] = 1;
	ck_assert_int_eq(keys_record_decode(&out, rec, len), 0);

	/* a cert at generation 1, although it verifies (the old key signed generation 1) */
	pair_gen1(&old);
	pair_gen2(&k);
	k.generation = 1;
	keys_rotation_digest(1, k.pub, digest);
	ck_assert_int_eq(keys_sign_digest(old.priv, digest, k.cert), 0);
	len = keys_record_encode(&k, rec, sizeof(rec));
	ck_assert_uint_eq(len, KEYS_RECORD_CERT_LEN);
	expect_corrupt(rec, len, "cert at generation", 1);

	/* a gen 2 record told apart from its tampered copies */
	pair_gen2(&k);
	k.generation = 3;
	len = keys_record_encode(&k, rec, sizeof(rec));
	expect_corrupt(rec, len, "cert for another generation", 3);
	pair_gen2(&k);
	memcpy(k.prev_pub, k.pub, KEYS_PUB_LEN); /* claims to be signed by itself */
	len = keys_record_encode(&k, rec, sizeof(rec));
	expect_corrupt(rec, len, "prev_pub replaced", 0);
}
END_TEST

/*
 * Zero and the order itself are not private keys. BearSSL's P-256 computes
 * a "point" for both (the encoding of the point at infinity, 04 then zeros),
 * so the record here carries exactly what compute_pub returns: only the
 * range check can refuse it.
 */
static void expect_priv_refused(const uint8_t priv[KEYS_PRIV_LEN])
{
	uint8_t x[KEYS_PRIV_LEN];
	br_ec_private_key sk = {.curve = KEYS_CURVE, .x = x, .xlen = sizeof(x)};
	struct keys_pair k;
	uint8_t rec[KEYS_RECORD_MAX];
	size_t len;

	pair_gen1(&k);
	memcpy(x, priv, sizeof(x));
	memcpy(k.priv, priv, KEYS_PRIV_LEN);
	ck_assert_uint_eq(br_ec_compute_pub(keys_ec, NULL, k.pub, &sk), KEYS_PUB_LEN);
	len = encode(&k, rec);
	expect_corrupt(rec, len, "out-of-range private key, byte 31 =", priv[KEYS_PRIV_LEN - 1]);
}

START_TEST(test_private_key_out_of_range_refused)
{
	uint8_t priv[KEYS_PRIV_LEN];
	struct keys_pair k;
	struct keys_pair out;
	uint8_t rec[KEYS_RECORD_MAX];

	memset(priv, 0, sizeof(priv));
	expect_priv_refused(priv);
	hex_to_bytes(p256_order_hex, priv, sizeof(priv));
	expect_priv_refused(priv);

	/* n - 1 is the largest key, and its record decodes */
	pair_gen1(&k);
	priv[KEYS_PRIV_LEN - 1]--;
	memcpy(k.priv, priv, KEYS_PRIV_LEN);
	ck_assert_int_eq(keys_pub_of(k.priv, k.pub), 0);
	ck_assert_int_eq(keys_record_decode(&out, rec, encode(&k, rec)), 0);
	ck_assert_mem_eq(out.priv, priv, KEYS_PRIV_LEN);
}
END_TEST

START_TEST(test_rfc6979_key_record)
{
	struct keys_pair k;
	struct keys_pair out;
	uint8_t rec[KEYS_RECORD_MAX];
	size_t len;

	memset(&k, 0, sizeof(k));
	k.generation = 1;
	hex_to_bytes(rfc6979_priv_hex, k.priv, KEYS_PRIV_LEN);
	hex_to_bytes(rfc6979_pub_hex, k.pub, KEYS_PUB_LEN);
	len = encode(&k, rec);
	ck_assert_int_eq(keys_record_decode(&out, rec, len), 0);
	/* another valid point, not this key's */
	pair_gen1(&out);
	memcpy(rec + 37, out.pub, KEYS_PUB_LEN);
	expect_corrupt(rec, len, "another key's point", 0);
}
END_TEST

TCase *keys_record_tcase(void)
{
	TCase *tc = tcase_create("record");

	/* each flip decodes a record, with a point multiplication and a verification */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_encode_needs_room);
	tcase_add_test(tc, test_every_truncation_refused);
	tcase_add_test(tc, test_every_flip_refused_gen1);
	tcase_add_test(tc, test_every_flip_refused_gen2);
	tcase_add_test(tc, test_each_rule_alone);
	tcase_add_test(tc, test_private_key_out_of_range_refused);
	tcase_add_test(tc, test_rfc6979_key_record);
	return tc;
}
