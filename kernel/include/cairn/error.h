/*
 * Error codes. Every kernel function named as an action returns 0 or one of
 * the negative codes of the ABI list (cairn/abi/errors.h), the same list user
 * programs and host tests see. This header adds only the descriptions; which
 * code a module returns for which situation is documented by that module.
 */
#ifndef CAIRN_ERROR_H
#define CAIRN_ERROR_H

#include "cairn/abi/errors.h"

/* A short lower-case description of `err`, for console messages. */
const char *err_describe(int err);

#endif /* CAIRN_ERROR_H */
