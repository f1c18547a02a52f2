/* Descriptions of the kernel's error codes (cairn/error.h), for messages. */
#include "cairn/error.h"

const char *err_describe(int err)
{
	switch (err) {
	case ERR_NONE:
		return "no error";
	case ERR_INVAL:
		return "malformed input";
	case ERR_RANGE:
		return "out of range";
	case ERR_VERSION:
		return "unsupported version";
	case ERR_NOSPC:
		return "too many items";
	case ERR_TOOLONG:
		return "string too long";
	case ERR_NOTFOUND:
		return "not found";
	case ERR_TIMEOUT:
		return "timed out";
	case ERR_NOTSUP:
		return "not supported";
	case ERR_BUSY:
		return "already in that state";
	case ERR_FIRMWARE:
		return "firmware error";
	default:
		return "unknown error";
	}
}
