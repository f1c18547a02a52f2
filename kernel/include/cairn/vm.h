/*
 * Sv39 page tables, as pure functions over a root table. Tables are reached
 * through their physical address, which the kernel maps identity, so a
 * table's address is also a pointer to it (on the host, heap pointers play
 * physical addresses). New tables come from the caller's allocator. Only
 * 4 KiB leaves are made. No locks, no output: callers serialise.
 *
 * W^X holds here for every mapping: a leaf that would be both writable and
 * executable is refused with ERR_WX, whoever asks.
 */
#ifndef CAIRN_VM_H
#define CAIRN_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/pte.h"

/* Hands out a zero-filled, page-aligned table, or NULL when memory is out. */
struct vm_table_source {
	pte_t *(*alloc)(void *ctx);
	void (*free)(void *ctx, pte_t *table);
	void *ctx;
};

/*
 * The most page tables below the root that mapping `pages` consecutive pages
 * can take: the range meets at most (pages - 1) / PTE_ENTRIES + 2 level-0
 * tables, and counting as many level-1 ones is a bound on those too; 0 for
 * none. The one sizing rule for spawn (spawn_frames) and vmo_map's quota
 * check.
 */
static inline uint64_t vm_tables_for(uint64_t pages)
{
	return pages == 0 ? 0 : 2 * ((pages - 1) / PTE_ENTRIES + 2);
}

/* vm_map_user's protection bits (the same values as CAIRN_PROT_*). */
#define VM_PROT_READ  (1u << 0)
#define VM_PROT_WRITE (1u << 1)
#define VM_PROT_EXEC  (1u << 2)
/* Kernel-only: the frame belongs to the address space and goes with it (PTE_OWNED). */
#define VM_PROT_OWNED (1u << 3)

/* A software bit of the leaf (RSW): set for frames the address space owns. */
#define PTE_OWNED (1ULL << 8)
/* Software bit: the leaf maps device memory (an MMIO region), never RAM the kernel may copy. */
#define VM_PROT_DEVICE (1u << 4)
#define PTE_DEVICE     (1ULL << 9)

/*
 * Map the page at `va` to frame `pa` with leaf `flags` (R, W, X, U, G; V, A
 * and D are added). Returns 0, ERR_ALIGN (va or pa not page-aligned),
 * ERR_INVAL (no R, W or X, or W without R), ERR_WX (W and X), ERR_RANGE (va
 * not a valid Sv39 address), ERR_EXISTS (already mapped) or ERR_NOMEM
 * (intermediate tables made before running out stay, empty and harmless).
 */
int vm_map_page(pte_t *root, uint64_t va, uint64_t pa, uint64_t flags,
		const struct vm_table_source *src);

/*
 * As vm_map_page, one leaf at `level`: 0 for 4 KiB, 1 for 2 MiB, 2 for 1 GiB
 * (pte_level_size), va and pa aligned to it. A valid entry already where the
 * leaf would go (a leaf or a table) is ERR_EXISTS; ERR_INVAL for a level
 * past the root's. The kernel map (kvm.c) makes the large ones; nothing
 * walks into them to map, unmap or look up a page.
 */
int vm_map_leaf(pte_t *root, uint64_t va, uint64_t pa, unsigned level, uint64_t flags,
		const struct vm_table_source *src);

/*
 * Map a user page: `va` must lie in [CAIRN_USER_BASE, CAIRN_USER_END) and
 * `prot` be VM_PROT_* bits with READ set; the leaf gets U. Returns what
 * vm_map_page does, plus ERR_RANGE outside the user window and ERR_INVAL for
 * bad prot bits.
 */
int vm_map_user(pte_t *root, uint64_t va, uint64_t pa, unsigned prot,
		const struct vm_table_source *src);

/* The leaf entry mapping `va`, or NULL. */
const pte_t *vm_lookup(const pte_t *root, uint64_t va);

/* Remove the leaf at `va`, storing its frame in *ret_pa; 0 or ERR_NOTFOUND. */
int vm_unmap_page(pte_t *root, uint64_t va, uint64_t *ret_pa);

/*
 * True if every page of [va, va + len) is mapped with U and all of the
 * `need` leaf bits, and the range lies inside the user window without
 * wrapping. len 0 is true for any va inside the window.
 */
bool vm_user_range_ok(const pte_t *root, uint64_t va, uint64_t len, uint64_t need);

typedef void (*vm_leaf_fn)(uint64_t va, pte_t leaf, void *ctx);

/* Call fn for every leaf under `root`, in address order (va sign-extended). */
void vm_for_each_leaf(const pte_t *root, vm_leaf_fn fn, void *ctx);

/* The same, under the root entries [first, last] only. */
void vm_for_each_leaf_in(const pte_t *root, unsigned first, unsigned last, vm_leaf_fn fn,
			 void *ctx);

/*
 * Give back, through src->free, every table under the root entries
 * [first, last] and clear those entries. Leaf frames are not touched: they
 * belong to whatever mapped them.
 */
void vm_free_tables(pte_t *root, unsigned first, unsigned last, const struct vm_table_source *src);

#endif /* CAIRN_VM_H */
