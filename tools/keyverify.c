/*
 * keyverify: checks on the host a signature the guest's keystored made
 * (RFC-0019), with BearSSL's host build and none of the guest's code, so
 * the proof does not trust the guest's own verifier.
 *
 *   keyverify PUBKEY SIGNATURE MESSAGE
 *
 * PUBKEY is the 65-byte SEC1 uncompressed P-256 point `key pub` prints, in
 * hex; SIGNATURE the 64 bytes (r then s) `key sign` prints, in hex; MESSAGE
 * the signed text as one argument. The signature is checked over
 * SHA-256("cairn sign" || 0x00 || MESSAGE), what keystored's SIGN signs
 * (RFC-0019). Exit 0: valid; 1: not valid; 2: bad arguments.
 */
#include <bearssl.h>
#include <stdio.h>
#include <string.h>

#define PUB_LEN 65
#define SIG_LEN 64

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n bytes of hex from s into out; 0, or -1 when s is anything else. */
static int from_hex(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(s[2 * i]);
		int lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* The usage on stdout for --help, on stderr after `why`; the exit status 2. */
static int usage(const char *why)
{
	FILE *to = why != NULL ? stderr : stdout;

	if (why != NULL)
		(void)fprintf(stderr, "keyverify: %s\n", why);
	(void)fprintf(to, "usage: keyverify PUBKEY-HEX SIGNATURE-HEX MESSAGE\n"
			  "  exit 0: valid; 1: not valid; 2: bad arguments\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned char pub[PUB_LEN];
	unsigned char sig[SIG_LEN];
	unsigned char digest[br_sha256_SIZE];
	br_sha256_context h;
	br_ec_public_key key;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		(void)usage(NULL);
		return 0;
	}
	if (argc != 4)
		return usage("three arguments are needed");
	if (from_hex(argv[1], pub, PUB_LEN) != 0 || pub[0] != 0x04)
		return usage("PUBKEY is not 130 hex digits of an uncompressed point (04...)");
	if (from_hex(argv[2], sig, SIG_LEN) != 0)
		return usage("SIGNATURE is not 128 hex digits");
	br_sha256_init(&h);
	br_sha256_update(&h, "cairn sign", sizeof("cairn sign")); /* the NUL included */
	br_sha256_update(&h, argv[3], strlen(argv[3]));
	br_sha256_out(&h, digest);
	key = (br_ec_public_key){.curve = BR_EC_secp256r1, .q = pub, .qlen = PUB_LEN};
	if (br_ecdsa_i31_vrfy_raw(&br_ec_p256_m31, digest, sizeof(digest), &key, sig, SIG_LEN) !=
	    1) {
		(void)printf("keyverify: NOT valid\n");
		return 1;
	}
	(void)printf("keyverify: valid\n");
	return 0;
}
