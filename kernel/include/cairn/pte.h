/*
 * Sv39 page-table entries: the bits of the privileged spec and pure helpers
 * to build and read them. No state; usable from host tests.
 */
#ifndef CAIRN_PTE_H
#define CAIRN_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/riscv.h"

typedef uint64_t pte_t;

#define PTE_V	       (1ULL << 0)
#define PTE_R	       (1ULL << 1)
#define PTE_W	       (1ULL << 2)
#define PTE_X	       (1ULL << 3)
#define PTE_U	       (1ULL << 4)
#define PTE_G	       (1ULL << 5)
#define PTE_A	       (1ULL << 6)
#define PTE_D	       (1ULL << 7)
#define PTE_FLAGS_MASK 0x3ffULL

#define PTE_PAGE_SHIFT 12
#define PTE_PAGE_SIZE  (1ULL << PTE_PAGE_SHIFT)
#define PTE_PPN_SHIFT  10
#define PTE_PPN_BITS   44
#define PTE_ENTRIES    512
#define PTE_LEVELS     3  /* level 2 is the root */
#define PTE_VA_BITS    39 /* valid virtual addresses sign-extend bit 38 */

static inline pte_t pte_make(uint64_t pa, uint64_t flags)
{
	return ((pa >> PTE_PAGE_SHIFT) << PTE_PPN_SHIFT) | (flags & PTE_FLAGS_MASK);
}

static inline uint64_t pte_pa(pte_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & ((1ULL << PTE_PPN_BITS) - 1)) << PTE_PAGE_SHIFT;
}

static inline bool pte_is_valid(pte_t pte)
{
	return (pte & PTE_V) != 0;
}

/* A valid entry with any of R, W, X maps memory; without them it points at the next table. */
static inline bool pte_is_leaf(pte_t pte)
{
	return pte_is_valid(pte) && (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

/* The index `va` selects in a table of `level` (2 = root). */
static inline unsigned pte_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (PTE_PAGE_SHIFT + 9 * level)) & (PTE_ENTRIES - 1);
}

/* Bytes one entry of `level` covers: 4 KiB, 2 MiB, 1 GiB. */
static inline uint64_t pte_level_size(unsigned level)
{
	return 1ULL << (PTE_PAGE_SHIFT + 9 * level);
}

/* satp for Sv39 with the root table at physical address `root_pa`. */
static inline uint64_t pte_satp(uint64_t root_pa)
{
	return RISCV_SATP_MODE_SV39 | (root_pa >> PTE_PAGE_SHIFT);
}

#endif /* CAIRN_PTE_H */
