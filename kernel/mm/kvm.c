/*
 * The kernel's page tables (cairn/kvm.h): what is mapped with which
 * permissions, and switching harts onto them. The table code itself is
 * vm.c. OpenSBI's region below the kernel is left unmapped: its PMP bars
 * S-mode from it anyway, and an unmapped page turns a stray access into a
 * clean page fault.
 */
#include "cairn/kvm.h"

#include "cairn/error.h"
#include "cairn/kernel_image.h"
#include "cairn/kmem.h"
#include "cairn/memlayout.h"
#include "cairn/panic.h"
#include "cairn/phys.h"
#include "cairn/riscv.h"

static pte_t *kvm_root_table;

static pte_t *kvm_table_alloc(void *ctx)
{
	uint64_t pa;

	(void)ctx;
	return kmem_frame_alloc(&pa) == 0 ? (pte_t *)phys_to_ptr(pa) : NULL;
}

static void kvm_table_free(void *ctx, pte_t *table)
{
	(void)ctx;
	kmem_frame_free(phys_of(table));
}

const struct vm_table_source kvm_tables = {kvm_table_alloc, kvm_table_free, NULL};

/* Identity-map [start, end) (page-aligned) with `flags`; supervisor only, global. */
static void kvm_map_range(uint64_t start, uint64_t end, uint64_t flags)
{
	for (uint64_t pa = start; pa < end; pa += PTE_PAGE_SIZE) {
		int err = vm_map_page(kvm_root_table, pa, pa, flags | PTE_G, &kvm_tables);

		if (err != 0)
			PANIC("page 0x%lx: %s", (unsigned long)pa, err_describe(err));
	}
}

/* RAM outside the image (and outside OpenSBI's region below it), read-write. */
/* The largest page level whose page starts at pa and fits below end: 2 (1 GiB), 1 (2 MiB) or 0. */
static unsigned kvm_level_at(uint64_t pa, uint64_t end)
{
	for (unsigned level = PTE_LEVELS - 1; level > 0; level--) {
		uint64_t size = pte_level_size(level);

		if (pa % size == 0 && end - pa >= size)
			return level;
	}
	return 0;
}

/*
 * Map RAM [start, end) read-write with the largest pages that fit: 4 KiB up to
 * the first 2 MiB boundary, then 2 MiB and 1 GiB pages, 4 KiB again at the
 * end. Each large page saves the tables and the 511 entries below it.
 */
static void kvm_map_ram_range(uint64_t start, uint64_t end)
{
	for (uint64_t pa = start; pa < end;) {
		unsigned level = kvm_level_at(pa, end);
		int err = vm_map_leaf(kvm_root_table, pa, pa, level, PTE_R | PTE_W | PTE_G,
				      &kvm_tables);

		if (err != 0)
			PANIC("RAM at 0x%lx: %s", (unsigned long)pa, err_describe(err));
		pa += pte_level_size(level);
	}
}

static void kvm_map_ram(const struct dtb_info *dt)
{
	uint64_t kstart = phys_of(_kernel_start);
	uint64_t kend = phys_of(_kernel_end);

	for (size_t i = 0; i < dt->mem_count; i++) {
		uint64_t base = (dt->mem[i].base + PTE_PAGE_SIZE - 1) & ~(PTE_PAGE_SIZE - 1);
		uint64_t end = dt->mem[i].base + dt->mem[i].size;

		if (end < base || end > MEMLAYOUT_RAM_LIMIT)
			end = MEMLAYOUT_RAM_LIMIT;
		end &= ~(PTE_PAGE_SIZE - 1);
		if (kstart >= base && kstart < end) {
			kvm_map_ram_range(kend, end);
			continue;
		}
		if (base < end)
			kvm_map_ram_range(base, end);
	}
}

void kvm_init(const struct boot_info *boot)
{
	uint64_t root;

	if (kmem_frame_alloc(&root) != 0)
		PANIC("no frame for the root table");
	kvm_root_table = phys_to_ptr(root);
	kvm_map_range(phys_of(_text_start), phys_of(_text_end), PTE_R | PTE_X);
	kvm_map_range(phys_of(_rodata_start), phys_of(_rodata_end), PTE_R);
	kvm_map_range(phys_of(_data_start), phys_of(_bss_end), PTE_R | PTE_W);
	kvm_map_ram(&boot->dt);
	kvm_map_range(MEMLAYOUT_FINISHER, MEMLAYOUT_FINISHER + MEMLAYOUT_MMIO_PAGE, PTE_R | PTE_W);
	kvm_map_range(MEMLAYOUT_PLIC, MEMLAYOUT_PLIC + MEMLAYOUT_PLIC_SIZE, PTE_R | PTE_W);
}

uint64_t kvm_satp(void)
{
	return pte_satp(phys_of(kvm_root_table));
}

const pte_t *kvm_root(void)
{
	return kvm_root_table;
}

void kvm_enable_hart(void)
{
	uint64_t satp = kvm_satp();

	riscv_satp_switch_flushed(satp);
}
