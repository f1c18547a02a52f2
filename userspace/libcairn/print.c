/*
 * Console output over debug_write, and error names from the ABI's error
 * table. Formatting is picolibc's (ADR-0002); this file only moves the bytes.
 */
#include "cairn/print.h"

#include <stdio.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/sys.h"

long cairn_write(cairn_handle_t console, const char *buf, size_t len)
{
	while (len > 0) {
		size_t chunk = len < CAIRN_DEBUG_WRITE_MAX ? len : CAIRN_DEBUG_WRITE_MAX;
		long rc = cairn_debug_write(console, buf, chunk);

		if (rc < 0)
			return rc;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

long cairn_print(cairn_handle_t console, const char *text)
{
	return cairn_write(console, text, strlen(text));
}

long cairn_vprintf(cairn_handle_t console, const char *fmt, va_list ap)
{
	char line[CAIRN_PRINTF_MAX];
	int n = vsnprintf(line, sizeof(line), fmt, ap);

	if (n < 0)
		return ERR_INVAL;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	return cairn_write(console, line, (size_t)n);
}

long cairn_printf(cairn_handle_t console, const char *fmt, ...)
{
	va_list ap;
	long rc;

	va_start(ap, fmt);
	rc = cairn_vprintf(console, fmt, ap);
	va_end(ap);
	return rc;
}

const char *cairn_err_name(long result)
{
	if (result >= 0)
		return "ok";
	switch (result) {
#define CAIRN_ERR_CASE(name, value, text)                                                          \
	case (value):                                                                              \
		return #name;
		CAIRN_ERRORS(CAIRN_ERR_CASE)
#undef CAIRN_ERR_CASE
	default:
		return "ERR_?";
	}
}
