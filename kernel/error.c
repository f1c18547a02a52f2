/* Descriptions of the error codes (cairn/abi/errors.h), for console messages. */
#include "cairn/error.h"

const char *err_describe(int err)
{
	switch (err) {
	case ERR_NONE:
		return "no error";
#define ERROR_CASE(name, value, text)                                                              \
	case name:                                                                                 \
		return text;
		CAIRN_ERRORS(ERROR_CASE)
#undef ERROR_CASE
	default:
		return "unknown error";
	}
}
