/*
 * Numbers read as the nearest double (RFC-0020): the conversion behind the
 * hosted runtime's strtod. A decimal number of any length, or a C99
 * hexadecimal one, is rounded once, to nearest with ties to even, as glibc
 * does; picolibc's own strtod keeps 17 significant digits and drops the rest.
 *
 * The syntax is strtod's in the "C" locale: white space, an optional sign,
 * then digits with an optional '.' and an optional exponent (e or E), or
 * 0x/0X and hexadecimal digits with an optional '.' and an optional binary
 * exponent (p or P), or "inf", "infinity" or "nan" with an optional
 * "(n-char-sequence)", any case.
 *
 * Pure: no errno, no locale, no allocation; libhosted's strtod sets errno.
 */
#ifndef HOSTED_NUMBER_H
#define HOSTED_NUMBER_H

#include <stdbool.h>

/*
 * Reads the longest prefix of `s` that is a number. Returns its value and
 * sets *ret_end past what was read, or to `s` when no prefix is a number
 * (the value is then 0). *ret_range is true when the value overflowed to an
 * infinity, or underflowed: rounded, it is below the normal range, and it is
 * not exact.
 */
double hosted_number_read(const char *s, const char **ret_end, bool *ret_range);

#endif
