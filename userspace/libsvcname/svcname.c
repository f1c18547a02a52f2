/* The service-name rule (see svcname.h). */
#include "svcname.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_name_char(char c)
{
	return is_lower(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int svcname_check(const char *name, size_t len)
{
	if (name == NULL || len == 0)
		return ERR_INVAL;
	if (len > SVCNAME_MAX)
		return ERR_TOOLONG;
	if (!is_lower(name[0]))
		return ERR_INVAL;
	for (size_t i = 1; i < len; i++) {
		if (!is_name_char(name[i]))
			return ERR_INVAL;
	}
	return 0;
}
