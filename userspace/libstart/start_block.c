/*
 * The start block's codec (start_block.h): encoding argument and role
 * lists into a block, and decoding a block that came from another process,
 * checking every field against the bytes it was given before using it.
 */
#include "start_block.h"

#include <stdbool.h>
#include <string.h>

#include "cairn/abi/errors.h"

#define OFF_SIZE  8u
#define OFF_ARGC  12u
#define OFF_ROLES 14u

/* START_MAGIC's bytes, without the string's NUL. */
static const uint8_t start_magic[START_MAGIC_SIZE] = {'C', 'A', 'I', 'R', 'N', 'S', 'B', '1'};
_Static_assert(sizeof(START_MAGIC) == START_MAGIC_SIZE + 1, "the magic is eight bytes");

static void put_le(uint8_t *p, uint32_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8u * i));
}

static uint32_t get_le(const uint8_t *p, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8u * i);
	return v;
}

static bool counts_ok(uint32_t argc, uint32_t nroles)
{
	return argc >= 1 && argc <= START_ARGS_MAX && nroles >= 1 && nroles <= START_ROLES_MAX;
}

/* The bytes n strings take with their NULs, or 0 when the array or one string is NULL. */
static size_t strings_size(const char *const *s, uint32_t n)
{
	size_t total = 0;

	if (s == NULL)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		if (s[i] == NULL)
			return 0;
		total += strlen(s[i]) + 1;
	}
	return total;
}

size_t start_block_size(const char *const *argv, uint32_t argc, const char *const *roles,
			uint32_t nroles)
{
	size_t args;
	size_t names;

	if (!counts_ok(argc, nroles))
		return 0;
	args = strings_size(argv, argc);
	names = strings_size(roles, nroles);
	if (args == 0 || names == 0)
		return 0;
	return START_HEADER_SIZE + args + names;
}

/* Copies n strings with their NULs to p; returns the end. */
static uint8_t *put_strings(uint8_t *p, const char *const *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(s[i]) + 1;

		memcpy(p, s[i], len);
		p += len;
	}
	return p;
}

int start_block_encode(uint8_t *buf, size_t cap, const char *const *argv, uint32_t argc,
		       const char *const *roles, uint32_t nroles, size_t *ret_len)
{
	size_t size;
	uint8_t *p;

	if (!counts_ok(argc, nroles))
		return ERR_RANGE;
	if (buf == NULL || ret_len == NULL)
		return ERR_INVAL;
	size = start_block_size(argv, argc, roles, nroles);
	if (size == 0)
		return ERR_INVAL; /* counts are fine, so a string or an array is NULL */
	if (size > cap || size > START_BLOCK_MAX)
		return ERR_RANGE;
	memcpy(buf, start_magic, sizeof(start_magic));
	put_le(buf + OFF_SIZE, (uint32_t)size, 4);
	put_le(buf + OFF_ARGC, argc, 2);
	put_le(buf + OFF_ROLES, nroles, 2);
	p = put_strings(buf + START_HEADER_SIZE, argv, argc);
	(void)put_strings(p, roles, nroles);
	*ret_len = size;
	return 0;
}

/*
 * Points out[0..n) at the strings from *at on, each NUL-terminated before
 * end; advances *at past them. false when one runs past end.
 */
static bool take_strings(const uint8_t *buf, size_t *at, size_t end, const char **out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *nul = memchr(buf + *at, 0, end - *at);

		if (nul == NULL)
			return false;
		out[i] = (const char *)(buf + *at);
		*at = (size_t)(nul - buf) + 1;
	}
	return true;
}

int start_block_decode(const uint8_t *buf, size_t len, struct start_info *out)
{
	struct start_info info;
	size_t size;
	size_t at = START_HEADER_SIZE;

	if (buf == NULL || out == NULL)
		return ERR_INVAL;
	if (len < START_HEADER_SIZE || memcmp(buf, start_magic, sizeof(start_magic)) != 0)
		return ERR_CORRUPT;
	size = get_le(buf + OFF_SIZE, 4);
	memset(&info, 0, sizeof(info));
	info.argc = get_le(buf + OFF_ARGC, 2);
	info.roles = get_le(buf + OFF_ROLES, 2);
	if (size < START_HEADER_SIZE || size > len || size > START_BLOCK_MAX ||
	    !counts_ok(info.argc, info.roles))
		return ERR_CORRUPT;
	if (!take_strings(buf, &at, size, info.argv, info.argc) ||
	    !take_strings(buf, &at, size, info.role, info.roles) || at != size)
		return ERR_CORRUPT;
	info.argv[info.argc] = NULL;
	*out = info;
	return 0;
}

int start_role_find(const struct start_info *info, const char *role)
{
	if (info == NULL || role == NULL)
		return -1;
	for (uint32_t i = 0; i < info->roles && i < START_ROLES_MAX; i++) {
		if (info->role[i] != NULL && strcmp(info->role[i], role) == 0)
			return (int)i;
	}
	return -1;
}
