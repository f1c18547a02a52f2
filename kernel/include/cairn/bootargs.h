/*
 * Reading the kernel command line (/chosen bootargs): space-separated words
 * of the form key=value. Pure, like the device tree reader, so the host
 * tests cover it.
 */
#ifndef CAIRN_BOOTARGS_H
#define CAIRN_BOOTARGS_H

#include <stddef.h>

/* Longest boot nonce accepted, in hex digits. */
#define BOOTARGS_NONCE_MAX 64

/*
 * Copy the value of the first `cairn.nonce=<hex>` word in `args` into
 * ret_nonce (size bytes, NUL-terminated). Returns 0, ERR_NOTFOUND (no such
 * word), ERR_INVAL (empty or not hex digits), or ERR_TOOLONG (more than
 * BOOTARGS_NONCE_MAX digits, or more than size - 1). ret_nonce is written
 * only on success.
 */
int bootargs_nonce(const char *args, char *ret_nonce, size_t size);

#endif /* CAIRN_BOOTARGS_H */
