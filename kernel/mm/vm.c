/*
 * Sv39 page tables (cairn/vm.h): map, look up and unmap 4 KiB pages, check
 * user ranges, and walk every leaf. Pure: tables are reached as pointers
 * equal to their physical addresses, new ones come from the caller.
 */
#include "cairn/vm.h"
#include "cairn/phys.h"

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"

static pte_t *vm_table_at(pte_t entry)
{
	return (pte_t *)phys_to_ptr(pte_pa(entry));
}

static bool vm_va_is_valid(uint64_t va)
{
	uint64_t top = va >> (PTE_VA_BITS - 1);

	return top == 0 || top == (UINT64_MAX >> (PTE_VA_BITS - 1));
}

static bool vm_in_user_window(uint64_t va)
{
	return va >= CAIRN_USER_BASE && va < CAIRN_USER_END;
}

/* The level-0 entry for `va`, making tables on the way when `src` is given; NULL if absent. */
static pte_t *vm_walk_to(pte_t *root, uint64_t va, unsigned stop, const struct vm_table_source *src)
{
	pte_t *table = root;

	for (unsigned level = PTE_LEVELS - 1; level > stop; level--) {
		pte_t *entry = &table[pte_index(va, level)];

		if (pte_is_leaf(*entry))
			return NULL; /* inside a large page (the kernel map's, kvm.c) */
		if (!pte_is_valid(*entry)) {
			pte_t *next = src != NULL ? src->alloc(src->ctx) : NULL;

			if (next == NULL)
				return NULL;
			*entry = pte_make(phys_of(next), PTE_V);
		}
		table = vm_table_at(*entry);
	}
	return &table[pte_index(va, stop)];
}

static pte_t *vm_walk(pte_t *root, uint64_t va, const struct vm_table_source *src)
{
	return vm_walk_to(root, va, 0, src);
}

static int vm_check_leaf_flags(uint64_t flags)
{
	if ((flags & PTE_W) != 0 && (flags & PTE_X) != 0)
		return ERR_WX;
	if ((flags & (PTE_R | PTE_W | PTE_X)) == 0 ||
	    ((flags & PTE_W) != 0 && (flags & PTE_R) == 0))
		return ERR_INVAL;
	return 0;
}

int vm_map_page(pte_t *root, uint64_t va, uint64_t pa, uint64_t flags,
		const struct vm_table_source *src)
{
	return vm_map_leaf(root, va, pa, 0, flags, src);
}

int vm_map_leaf(pte_t *root, uint64_t va, uint64_t pa, unsigned level, uint64_t flags,
		const struct vm_table_source *src)
{
	int err = vm_check_leaf_flags(flags);

	if (err != 0)
		return err;
	if (level >= PTE_LEVELS)
		return ERR_INVAL;
	if (va % pte_level_size(level) != 0 || pa % pte_level_size(level) != 0)
		return ERR_ALIGN;
	if (!vm_va_is_valid(va) || !vm_va_is_valid(va + pte_level_size(level) - 1))
		return ERR_RANGE;
	pte_t *leaf = vm_walk_to(root, va, level, src);
	if (leaf == NULL)
		return ERR_NOMEM;
	if (pte_is_valid(*leaf))
		return ERR_EXISTS;
	*leaf = pte_make(
		pa, (flags & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_OWNED | PTE_DEVICE)) |
			    PTE_V | PTE_A | PTE_D);
	return 0;
}

int vm_map_user(pte_t *root, uint64_t va, uint64_t pa, unsigned prot,
		const struct vm_table_source *src)
{
	uint64_t flags = PTE_U;

	if ((prot & ~(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC | VM_PROT_OWNED |
		      VM_PROT_DEVICE)) != 0 ||
	    (prot & VM_PROT_READ) == 0)
		return ERR_INVAL;
	if ((prot & VM_PROT_WRITE) != 0 && (prot & VM_PROT_EXEC) != 0)
		return ERR_WX;
	if (!vm_in_user_window(va))
		return ERR_RANGE;
	flags |= PTE_R;
	flags |= (prot & VM_PROT_WRITE) != 0 ? PTE_W : 0;
	flags |= (prot & VM_PROT_EXEC) != 0 ? PTE_X : 0;
	flags |= (prot & VM_PROT_OWNED) != 0 ? PTE_OWNED : 0;
	flags |= (prot & VM_PROT_DEVICE) != 0 ? PTE_DEVICE : 0;
	return vm_map_page(root, va, pa, flags, src);
}

const pte_t *vm_lookup(const pte_t *root, uint64_t va)
{
	const pte_t *table = root;

	if (!vm_va_is_valid(va))
		return NULL;
	for (unsigned level = PTE_LEVELS - 1; level > 0; level--) {
		pte_t entry = table[pte_index(va, level)];

		if (!pte_is_valid(entry) || pte_is_leaf(entry))
			return NULL;
		table = vm_table_at(entry);
	}
	return pte_is_leaf(table[pte_index(va, 0)]) ? &table[pte_index(va, 0)] : NULL;
}

int vm_unmap_page(pte_t *root, uint64_t va, uint64_t *ret_pa)
{
	pte_t *leaf = vm_va_is_valid(va) ? vm_walk(root, va, NULL) : NULL;

	if (leaf == NULL || !pte_is_leaf(*leaf))
		return ERR_NOTFOUND;
	*ret_pa = pte_pa(*leaf);
	*leaf = 0;
	return 0;
}

bool vm_user_range_ok(const pte_t *root, uint64_t va, uint64_t len, uint64_t need)
{
	if (!vm_in_user_window(va) || len > CAIRN_USER_END - va)
		return false;
	uint64_t first = va & ~(PTE_PAGE_SIZE - 1);
	uint64_t end = va + len;

	for (uint64_t page = first; page < end; page += PTE_PAGE_SIZE) {
		const pte_t *leaf = vm_lookup(root, page);

		if (leaf == NULL || (*leaf & (PTE_U | need)) != (PTE_U | need))
			return false;
	}
	return true;
}

static uint64_t vm_sign_extend(uint64_t va)
{
	return (va & (1ULL << (PTE_VA_BITS - 1))) != 0 ? va | ~((1ULL << PTE_VA_BITS) - 1) : va;
}

static void vm_walk_level(const pte_t *table, unsigned level, uint64_t base, unsigned first,
			  unsigned last, vm_leaf_fn fn, void *ctx)
{
	for (unsigned i = first; i <= last && i < PTE_ENTRIES; i++) {
		pte_t e = table[i];
		uint64_t va = base + (uint64_t)i * pte_level_size(level);

		if (pte_is_leaf(e))
			fn(vm_sign_extend(va), e, ctx);
		else if (pte_is_valid(e) && level > 0)
			vm_walk_level(vm_table_at(e), level - 1, va, 0, PTE_ENTRIES - 1, fn, ctx);
	}
}

void vm_for_each_leaf(const pte_t *root, vm_leaf_fn fn, void *ctx)
{
	vm_walk_level(root, PTE_LEVELS - 1, 0, 0, PTE_ENTRIES - 1, fn, ctx);
}

void vm_for_each_leaf_in(const pte_t *root, unsigned first, unsigned last, vm_leaf_fn fn, void *ctx)
{
	vm_walk_level(root, PTE_LEVELS - 1, 0, first, last, fn, ctx);
}

static void vm_free_below(pte_t *table, unsigned level, const struct vm_table_source *src)
{
	for (unsigned i = 0; i < PTE_ENTRIES && level > 0; i++) {
		if (pte_is_valid(table[i]) && !pte_is_leaf(table[i]))
			vm_free_below(vm_table_at(table[i]), level - 1, src);
	}
	src->free(src->ctx, table);
}

void vm_free_tables(pte_t *root, unsigned first, unsigned last, const struct vm_table_source *src)
{
	for (unsigned i = first; i <= last && i < PTE_ENTRIES; i++) {
		if (pte_is_valid(root[i]) && !pte_is_leaf(root[i]))
			vm_free_below(vm_table_at(root[i]), PTE_LEVELS - 2, src);
		root[i] = 0;
	}
}
