/*
 * Error codes. Every kernel function named as an action returns 0 or one of
 * these negative values; the host tests compare against the same names. This
 * header owns the list and a short description of each; it does not decide
 * which code a module returns for which situation (each module documents that).
 */
#ifndef CAIRN_ERROR_H
#define CAIRN_ERROR_H

enum err_code {
	ERR_NONE = 0,
	ERR_INVAL = -1,	  /* input is malformed */
	ERR_RANGE = -2,	  /* an offset or size lies outside the bounds given */
	ERR_VERSION = -3, /* a format version this code does not read */
	ERR_NOSPC = -4,	  /* more items than the output can hold */
	ERR_TOOLONG = -5, /* a string longer than its buffer */
	ERR_NOTFOUND = -6,
	ERR_TIMEOUT = -7,
	ERR_NOTSUP = -8,   /* the firmware or hardware lacks the feature */
	ERR_BUSY = -9,	   /* the object is already in the requested state */
	ERR_FIRMWARE = -10 /* the firmware reported an error with no closer match */
};

/* A short lower-case description of `err`, for console messages. */
const char *err_describe(int err);

#endif /* CAIRN_ERROR_H */
