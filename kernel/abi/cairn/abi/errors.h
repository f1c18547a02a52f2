/*
 * The one list of error codes, shared by the kernel, user programs and host
 * tests. A system call returns a non-negative value on success or one of these
 * negative codes. RFC-0003 lists the same codes; the contracts gate keeps the
 * two in step. This header owns the numbers and names only.
 */
#ifndef CAIRN_ABI_ERRORS_H
#define CAIRN_ABI_ERRORS_H

/* X(name, value, description) */
#define CAIRN_ERRORS(X)                                                                            \
	X(ERR_INVAL, -1, "invalid argument")                                                       \
	X(ERR_RANGE, -2, "offset or size out of range")                                            \
	X(ERR_VERSION, -3, "unsupported format version")                                           \
	X(ERR_NOSPC, -4, "no room for more items")                                                 \
	X(ERR_TOOLONG, -5, "string too long")                                                      \
	X(ERR_NOTFOUND, -6, "not found")                                                           \
	X(ERR_TIMEOUT, -7, "timed out")                                                            \
	X(ERR_NOTSUP, -8, "not supported")                                                         \
	X(ERR_BUSY, -9, "busy or already in that state")                                           \
	X(ERR_FIRMWARE, -10, "firmware error")                                                     \
	X(ERR_BADSYS, -11, "no such system call")                                                  \
	X(ERR_BADHANDLE, -12, "handle closed, stale or never issued")                              \
	X(ERR_WRONGTYPE, -13, "handle names another kind of object")                               \
	X(ERR_DENIED, -14, "handle lacks a right the call needs")                                  \
	X(ERR_BADADDR, -15, "user address not mapped with the access needed")                      \
	X(ERR_NOMEM, -16, "kernel object pool or memory exhausted")                                \
	X(ERR_ALIGN, -17, "address or size misaligned")                                            \
	X(ERR_WX, -18, "writable and executable mapping refused")                                  \
	X(ERR_EXISTS, -19, "overlaps an existing mapping")                                         \
	X(ERR_BADIMAGE, -20, "program image malformed")                                            \
	X(ERR_PEERDEAD, -21, "the other side of the call ended")                                   \
	X(ERR_IO, -22, "the device reported an error")                                             \
	X(ERR_CORRUPT, -23, "stored data failed its check")

enum err_code {
	ERR_NONE = 0,
#define CAIRN_ERROR_ENUM(name, value, text) name = (value),
	CAIRN_ERRORS(CAIRN_ERROR_ENUM)
#undef CAIRN_ERROR_ENUM
};

/* The most negative code; anything below it is not an error of this list. */
#define ERR_LAST ERR_CORRUPT

#endif /* CAIRN_ABI_ERRORS_H */
