/*
 * The start block (RFC-0020): what a starter tells a program besides its
 * handles, its arguments and the name of each of its initial handles (its
 * roles). The starter (init for a manifest line with `args=`, the shell's
 * `run`) writes one into a one-page VMO and passes it as the child's last
 * handle; the hosted runtime reads it before `main`. This file owns the
 * format and nothing else: no VMO, no system call.
 *
 * Layout, every integer little-endian:
 *
 *	offset 0   8 bytes  magic "CAIRNSB1"
 *	offset 8   4 bytes  size: bytes used, header included, 16..START_BLOCK_MAX
 *	offset 12  2 bytes  argc: 1..START_ARGS_MAX (argv[0] is the program's name)
 *	offset 14  2 bytes  roles: 1..START_ROLES_MAX (role i names initial handle i)
 *	offset 16           argc strings, then `roles` strings, each NUL-terminated,
 *	                    the last one ending exactly at `size`
 *
 * A block is canonical: decoding one and encoding what came out gives the
 * same bytes back, so there is one encoding of each argument and role list.
 *
 * Pure: storage is the caller's; no allocation, no globals, no I/O.
 */
#ifndef START_BLOCK_H
#define START_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#define START_BLOCK_MAX	  4096u /* one page */
#define START_ARGS_MAX	  64u
#define START_ROLES_MAX	  9u /* the self handle and CAIRN_SPAWN_HANDLES_MAX more */
#define START_HEADER_SIZE 16u
#define START_MAGIC	  "CAIRNSB1"
#define START_MAGIC_SIZE  8u

/* What start_block_decode found; every pointer points into the decoded buffer. */
struct start_info {
	uint32_t argc;
	uint32_t roles;
	const char *argv[START_ARGS_MAX + 1]; /* argv[argc] is NULL */
	const char *role[START_ROLES_MAX];    /* role[i] names initial handle i */
};

/*
 * The bytes a block of these strings takes, or 0 when a count is out of
 * range (argc 1..START_ARGS_MAX, nroles 1..START_ROLES_MAX) or a string or
 * an array is NULL. May exceed START_BLOCK_MAX; encode refuses that.
 */
size_t start_block_size(const char *const *argv, uint32_t argc, const char *const *roles,
			uint32_t nroles);

/*
 * Writes a block of argv[0..argc) and roles[0..nroles) into buf[0..cap) and
 * sets *ret_len to the bytes used. 0, or
 *   ERR_RANGE  a count out of range, or a block longer than cap or START_BLOCK_MAX;
 *   ERR_INVAL  buf, ret_len, argv, roles or one of their strings NULL.
 * Nothing is written (buf and *ret_len untouched) on failure.
 */
int start_block_encode(uint8_t *buf, size_t cap, const char *const *argv, uint32_t argc,
		       const char *const *roles, uint32_t nroles, size_t *ret_len);

/*
 * Reads the block at buf[0..len) into *out: 0, or ERR_CORRUPT when anything
 * is off (len shorter than a header, the magic, a size under the header or
 * over len or START_BLOCK_MAX, a count out of range, a string running past
 * size, bytes left over after the last string) and ERR_INVAL for buf or out
 * NULL. Never reads outside buf[0..len); *out is untouched on failure. The
 * pointers in *out stay valid while buf does.
 */
int start_block_decode(const uint8_t *buf, size_t len, struct start_info *out);

/* The index of the first handle whose role is `role`, or -1 (also for a NULL argument). */
int start_role_find(const struct start_info *info, const char *role);

#endif /* START_BLOCK_H */
