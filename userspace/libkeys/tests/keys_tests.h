/*
 * What the host tests of libkeys share: known keys, pairs built from fixed
 * seeds, and hex. test_keys.c holds them and main(); the test cases of
 * test_record.c and test_audit.c are built by the functions below.
 */
#ifndef KEYS_TESTS_H
#define KEYS_TESTS_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"

/* The private key of RFC 6979 appendix A.2.5 and its public point (SEC1). */
extern const char rfc6979_priv_hex[];
extern const char rfc6979_pub_hex[];
/* P-256's order n: the first scalar that is not a private key. */
extern const char p256_order_hex[];

/* Decodes hex (2 * n digits, either case) into out; fails the test on a bad digit. */
void hex_to_bytes(const char *hex, uint8_t *out, size_t n);

/* Whether a and b hold the same fields (a struct's padding is not compared). */
bool pairs_equal(const struct keys_pair *a, const struct keys_pair *b);

/* Fills k with a pattern no call writes (0xa5 bytes, has_cert true), to see it left alone. */
void untouched_pair(struct keys_pair *k);

/* A seed whose bytes are base, base + 1, ... */
void seed_fill(uint8_t seed[KEYS_SEED_LEN], uint8_t base);

/* A pair of generation 1 from seed_fill(0), and its rotation with seed_fill(100). */
void pair_gen1(struct keys_pair *k);
void pair_gen2(struct keys_pair *k);

TCase *keys_record_tcase(void);
TCase *keys_audit_tcase(void);

#endif /* KEYS_TESTS_H */
