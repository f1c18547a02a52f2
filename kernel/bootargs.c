/*
 * Command-line parsing. Owns the syntax of the words the kernel reads; what
 * the kernel does with a value is its caller's business.
 */
#include "cairn/bootargs.h"

#include <stdbool.h>

#include "cairn/error.h"

static const char bootargs_nonce_key[] = "cairn.nonce=";

static bool bootargs_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool bootargs_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The value of the first word starting with `key`, or NULL. */
static const char *bootargs_find(const char *args, const char *key)
{
	const char *word = args;

	while (*word != '\0') {
		while (bootargs_is_space(*word))
			word++;
		size_t i = 0;
		while (key[i] != '\0' && word[i] == key[i])
			i++;
		if (key[i] == '\0')
			return word + i;
		while (*word != '\0' && !bootargs_is_space(*word))
			word++;
	}
	return NULL;
}

int bootargs_nonce(const char *args, char *ret_nonce, size_t size)
{
	const char *value = bootargs_find(args, bootargs_nonce_key);
	size_t len = 0;

	if (value == NULL)
		return ERR_NOTFOUND;
	for (; value[len] != '\0' && !bootargs_is_space(value[len]); len++) {
		if (!bootargs_is_hex(value[len]))
			return ERR_INVAL;
	}
	if (len == 0)
		return ERR_INVAL;
	if (len > BOOTARGS_NONCE_MAX || len >= size)
		return ERR_TOOLONG;
	for (size_t i = 0; i < len; i++)
		ret_nonce[i] = value[i];
	ret_nonce[len] = '\0';
	return 0;
}
