/* The line-formatter contract check shared by the fuzz targets (line_contract.h). */
#include "line_contract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"

#define FUZZ_LINE_POISON 0x5a

/* Format into a roomy buffer; the line must be printable, non-empty and within max_len. */
static char *fuzz_line_full(fuzz_line_format_fn format, const void *obj, size_t max_len,
			    size_t *ret_len)
{
	char *full = malloc(max_len + 1);
	size_t len = 0;

	if (full == NULL || format(obj, full, max_len + 1, &len) != 0 || len == 0 ||
	    len > max_len || strlen(full) != len)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (full[i] < ' ' || full[i] > '~')
			abort();
	}
	*ret_len = len;
	return full;
}

void fuzz_line_check(fuzz_line_format_fn format, const void *obj, size_t max_len)
{
	size_t len;
	size_t exact_len = 0;
	char *full = fuzz_line_full(format, obj, max_len, &len);
	char *exact = malloc(len + 1);
	char *shorter = malloc(len);

	if (exact == NULL || shorter == NULL)
		abort();
	memset(shorter, FUZZ_LINE_POISON, len);
	if (format(obj, exact, len + 1, &exact_len) != 0 || exact_len != len ||
	    memcmp(exact, full, len + 1) != 0)
		abort();
	if (format(obj, shorter, len, &exact_len) != ERR_NOSPC)
		abort();
	for (size_t i = 0; i < len; i++) {
		if ((uint8_t)shorter[i] != FUZZ_LINE_POISON)
			abort(); /* a buffer that is too small is never half-written */
	}
	free(full);
	free(exact);
	free(shorter);
}
