/*
 * Known answers for librng's DRBG. BearSSL's HMAC_DRBG, called as rng.c calls
 * it, against NIST's CAVP vectors (HMAC_DRBG.rsp, [SHA-256], prediction
 * resistance false, 256-bit entropy, 128-bit nonce, no personalisation or
 * additional input, 1024 returned bits: COUNT = 0 of the set without a
 * reseed and of the set with one); then the whole generator, raw bytes in to
 * output bytes out, against answers computed apart from BearSSL by
 * hmac_drbg_kat.py (SP 800-90A section 10.1.2 written over Python's hmac and
 * hashlib, itself checked against the same two CAVP vectors first; run once,
 * its output pasted here).
 */
#include <bearssl_hash.h>
#include <bearssl_rand.h>
#include <check.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "rng.h"
#include "rng_tests.h"

/* Hex digits to bytes; the test's own strings, always well formed. */
static void unhex(const char *hex, uint8_t *out, size_t n)
{
	ck_assert_uint_eq(strlen(hex), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;

		for (int j = 0; j < 2; j++) {
			char c = hex[2 * i + (size_t)j];

			v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
		}
		out[i] = (uint8_t)v;
	}
}

/* Instantiate with entropy || nonce, reseed if asked, generate 128 bytes twice: the second is the
 * answer. */
static void check_cavp(const char *entropy_nonce, const char *reseed, const char *returned)
{
	uint8_t seed[48];
	uint8_t again[32];
	uint8_t out[128];
	uint8_t want[128];
	br_hmac_drbg_context drbg;

	unhex(entropy_nonce, seed, sizeof(seed));
	unhex(returned, want, sizeof(want));
	br_hmac_drbg_init(&drbg, &br_sha256_vtable, seed, sizeof(seed));
	if (reseed != NULL) {
		unhex(reseed, again, sizeof(again));
		br_hmac_drbg_update(&drbg, again, sizeof(again));
	}
	br_hmac_drbg_generate(&drbg, out, sizeof(out));
	br_hmac_drbg_generate(&drbg, out, sizeof(out));
	ck_assert_mem_eq(out, want, sizeof(want));
}

START_TEST(test_cavp_no_reseed)
{
	check_cavp("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"
		   "659ba96c601dc69fc902940805ec0ca8",
		   NULL,
		   "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89"
		   "d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1"
		   "07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668"
		   "961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8");
}
END_TEST

START_TEST(test_cavp_reseed)
{
	check_cavp("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d"
		   "0e66f71edc43e42a45ad3c6fc6cdc4df",
		   "01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552",
		   "76fc79fe9b50beccc991a11b5635783a83536add03c157fb30645e611c2898bb"
		   "2b1bc215000209208cd506cb28da2a51bdb03826aaf2bd2335d576d519160842"
		   "e7158ad0949d1a9ec3e66ea1b1a064b005de914eac2e9d4f2d72a8616a802254"
		   "22918250ff66a41bd2f864a6a38cc5b6499dc43f7f2bd09e1e0f8f5885935124");
}
END_TEST

/* Printed by hmac_drbg_kat.py: the first 64 bytes of the first request, and of the 65th. */
static const uint8_t kat_first[64] = {
	0x09, 0xf9, 0x27, 0xe9, 0x05, 0x27, 0xee, 0x9b, 0x21, 0x6e, 0x1f, 0x1d, 0xbb,
	0xba, 0xfe, 0xaa, 0xfc, 0x4b, 0xbd, 0x14, 0x53, 0x2d, 0xb9, 0x26, 0xf5, 0xca,
	0x57, 0x66, 0x8f, 0x79, 0x2a, 0x7c, 0x2a, 0x98, 0x37, 0x9f, 0xf0, 0x26, 0xc4,
	0x00, 0x38, 0xea, 0x34, 0x51, 0xfa, 0x4b, 0x65, 0x75, 0xa5, 0xe2, 0x86, 0x32,
	0xe4, 0xdd, 0x01, 0x23, 0xe6, 0x91, 0xaa, 0xad, 0x4e, 0xc5, 0x48, 0x6e,
};
static const uint8_t kat_after_reseed[64] = {
	0x42, 0xde, 0x10, 0x90, 0x35, 0x31, 0x67, 0x45, 0xb9, 0xae, 0x77, 0xbb, 0xc2,
	0xfe, 0x98, 0xd8, 0x77, 0xbe, 0x62, 0xbf, 0x8d, 0x08, 0xb6, 0x19, 0x52, 0x8a,
	0x89, 0x6c, 0x02, 0x33, 0x25, 0x6e, 0xaf, 0x56, 0xcc, 0x0f, 0x30, 0x25, 0xa2,
	0x22, 0xa5, 0xa5, 0x27, 0x30, 0xbe, 0x10, 0xf2, 0xdc, 0xe9, 0x0f, 0x13, 0xfa,
	0x69, 0x71, 0xb6, 0xa8, 0xd5, 0x8b, 0x54, 0xed, 0x6e, 0xc9, 0x05, 0x0c,
};

/* The raw stream hmac_drbg_kat.py assumes: byte i (from 0) is (i * 167 + 13) mod 256. */
static void feed_kat(struct rng *r, uint32_t *next, size_t n)
{
	uint8_t buf[64];

	while (n > 0) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		for (size_t i = 0; i < k; i++)
			buf[i] = (uint8_t)((*next + i) * 167u + 13u);
		*next += (uint32_t)k;
		ck_assert_int_eq(rng_feed(r, buf, k), 0);
		n -= k;
	}
}

/*
 * Start-up (discarded), the seed with the personalisation "cairn rngd", 64
 * requests of 1024 bytes (the whole interval), then the reseed bytes and the
 * 65th request, which must reseed first.
 */
START_TEST(test_generator_known_answer)
{
	static uint8_t out[RNG_GENERATE_MAX];
	uint32_t next = 0;
	struct rng r;

	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	feed_kat(&r, &next, RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_mem_eq(out, kat_first, sizeof(kat_first));
	for (int i = 1; i < 64; i++)
		ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), ERR_BUSY);
	feed_kat(&r, &next, RNG_RESEED_BYTES);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_mem_eq(out, kat_after_reseed, sizeof(kat_after_reseed));
	ck_assert_uint_eq(r.reseeds, 1);
}
END_TEST

TCase *rng_kat_tcase(void)
{
	TCase *tc = tcase_create("known answers");

	tcase_add_test(tc, test_cavp_no_reseed);
	tcase_add_test(tc, test_cavp_reseed);
	tcase_add_test(tc, test_generator_known_answer);
	return tc;
}
