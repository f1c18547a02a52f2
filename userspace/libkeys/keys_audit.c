/*
 * keystored's audit line for one signing (RFC-0019): who asked (the
 * caller's badge), how long the message was, the first eight bytes of its
 * SHA-256 and which generation of the key signed. The service writes it to
 * logd; this file only formats it.
 */
#include <stdio.h>

#include "keys_internal.h"

size_t keys_audit_line(char *out, size_t cap, uint64_t badge, size_t len,
		       const uint8_t digest[KEYS_DIGEST_LEN], uint32_t generation)
{
	int n;

	if (cap == 0)
		return 0;
	n = snprintf(
		out, cap,
		"sign for 0x%llx: %llu bytes, sha256 %02x%02x%02x%02x%02x%02x%02x%02x..., key %u",
		(unsigned long long)badge, (unsigned long long)len, digest[0], digest[1], digest[2],
		digest[3], digest[4], digest[5], digest[6], digest[7], (unsigned)generation);
	if (n < 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n < cap ? (size_t)n : cap - 1;
}
