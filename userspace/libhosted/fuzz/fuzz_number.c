/*
 * libFuzzer target for hosted_number.c, differential: the input, cut at its
 * first NUL and at NUMBER_MAX bytes, is read by hosted_number_read and by
 * the host C library's strtod (glibc's rounds correctly), and the two must
 * agree on the value's bits (any NaN matches any NaN: glibc makes a payload
 * of the n-char-sequence), where the reading stopped and whether it was out
 * of range, except where glibc is known to be wrong (number_oracle.h). A
 * disagreement aborts.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hosted_number.h"
#include "number_oracle.h"

#define NUMBER_MAX 4096u /* bytes read: past the 780 digits the reader keeps */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char text[NUMBER_MAX + 1];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size < NUMBER_MAX ? size : NUMBER_MAX;
	const char *end;
	char *want_end;
	bool range;
	double got;
	double want;
	int want_errno;

	memcpy(text, data, n);
	text[n] = '\0';
	got = hosted_number_read(text, &end, &range);
	errno = 0;
	want = strtod(text, &want_end);
	want_errno = errno;
	if (end != want_end)
		abort();
	if (!number_glibc_judges(text, got, want))
		return 0;
	if (number_bits(got) != number_bits(want) && !(isnan(got) && isnan(want)))
		abort();
	/* glibc reads a NaN's n-char-sequence as a payload with strtoull, whose ERANGE leaks */
	if (!isnan(want) && range != (want_errno == ERANGE))
		abort();
	return 0;
}
