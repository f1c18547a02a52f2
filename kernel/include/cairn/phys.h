/*
 * Physical addresses as pointers. The kernel maps all RAM it uses at its
 * physical address (identity, supervisor only), so a frame's physical address
 * is also a pointer to it; the host tests use heap pointers as physical
 * addresses the same way. This is the one place that turns a computed
 * integer into a pointer (also a checked user address, for uaccess.c), so
 * the one place the clang-tidy check against such casts is silenced, with
 * this reason.
 */
#ifndef CAIRN_PHYS_H
#define CAIRN_PHYS_H

#include <stdint.h>

static inline void *phys_to_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa; // NOLINT(performance-no-int-to-ptr): identity map, see above
}

/* A user virtual address as a pointer, for uaccess.c only (with SUM set, after its checks). */
static inline void *phys_user_ptr(uint64_t uva)
{
	return (void *)(uintptr_t)uva; // NOLINT(performance-no-int-to-ptr): checked user address
}

static inline uint64_t phys_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif /* CAIRN_PHYS_H */
