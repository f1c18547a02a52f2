/*
 * The few C library memory and string functions the kernel needs. They keep
 * their standard names and meanings because the compiler may emit calls to
 * memcpy, memmove and memset on its own (structure copies, zeroing).
 */
#ifndef CAIRN_STRING_H
#define CAIRN_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* CAIRN_STRING_H */
