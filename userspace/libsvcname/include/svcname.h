/*
 * The one rule for service and registry names, shared by policyd's rules,
 * samgrd's registry and init's manifest so a name valid in one is valid in
 * all: 1 to SVCNAME_MAX bytes, a lowercase ASCII letter first, then lowercase
 * letters, digits, '-' or '_'. Names are passed as (bytes, length) because
 * they arrive in IPC messages without a terminating NUL.
 */
#ifndef SVCNAME_H
#define SVCNAME_H

#include <stddef.h>

#define SVCNAME_MAX 31u /* bytes, without a NUL; stored names take SVCNAME_MAX + 1 */

/*
 * 0 when name[0..len) follows the rule; ERR_TOOLONG when len > SVCNAME_MAX;
 * ERR_INVAL when it is empty, NULL, or has a byte the rule does not allow.
 */
int svcname_check(const char *name, size_t len);

#endif /* SVCNAME_H */
