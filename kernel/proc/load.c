/*
 * Putting a program into a process (cairn/proc.h): fresh zeroed pages, the
 * ELF segments of a boot-image program, a stack, and the initial handles on
 * that stack. The ELF checks are the loader's (cairn/elf.h); this file only
 * maps and copies. Starting init is init.c's.
 *
 * Every frame of a process's address space, its page tables included
 * (proc_tables), is charged to its quota (cairn/quota.h) here.
 *
 * It needs only the frame allocator, the quota counts and the page
 * tables, so the host tests (test_spawn.c) and the fuzz_spawn target build
 * it as it is, over host frames, to check that what spawn's decode accepts
 * loads within the frames decode counted.
 */
#include "cairn/abi/errors.h"
#include "cairn/elf.h"
#include "cairn/kmem.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/quota.h"
#include "cairn/string.h"
#include "cairn/vm.h"

static uint64_t load_page_down(uint64_t v)
{
	return v & ~(PTE_PAGE_SIZE - 1);
}

/* Where a user address of `p` is in the kernel's identity map; the page must be mapped. */
static uint8_t *load_kernel_ptr(const struct process *p, uint64_t va)
{
	const pte_t *leaf = vm_lookup(p->root, load_page_down(va));

	return (uint8_t *)phys_to_ptr(pte_pa(*leaf)) + (va % PTE_PAGE_SIZE);
}

static pte_t *load_table_alloc(void *ctx)
{
	struct process *p = ctx;
	uint64_t pa;

	if (!quota_has_room(&p->quota, QUOTA_PAGES, 1) || kmem_frame_alloc(&pa) != 0)
		return NULL;
	quota_charge(&p->quota, QUOTA_PAGES, 1);
	return (pte_t *)phys_to_ptr(pa);
}

static void load_table_free(void *ctx, pte_t *table)
{
	struct process *p = ctx;

	quota_credit(&p->quota, QUOTA_PAGES, 1);
	kmem_frame_free(phys_of(table));
}

struct vm_table_source proc_tables(struct process *p)
{
	return (struct vm_table_source){load_table_alloc, load_table_free, p};
}

int proc_map_anon(struct process *p, uint64_t va, unsigned prot)
{
	struct vm_table_source tables = proc_tables(p);
	uint64_t pa;

	if (!quota_has_room(&p->quota, QUOTA_PAGES, 1) || kmem_frame_alloc(&pa) != 0)
		return ERR_NOMEM;
	quota_charge(&p->quota, QUOTA_PAGES, 1);
	int err = vm_map_user(p->root, va, pa, prot | VM_PROT_OWNED, &tables);
	if (err != 0) {
		quota_credit(&p->quota, QUOTA_PAGES, 1);
		kmem_frame_free(pa);
	}
	return err;
}

/* Map one segment page by page, then copy its file bytes in. */
static int load_segment(struct process *p, const uint8_t *image, const struct elf_segment *seg)
{
	uint64_t end = seg->vaddr + seg->memsz;

	for (uint64_t va = load_page_down(seg->vaddr); va < end; va += PTE_PAGE_SIZE) {
		int err = proc_map_anon(p, va, seg->prot);

		if (err != 0)
			return err;
	}
	for (uint64_t done = 0; done < seg->filesz;) {
		uint64_t va = seg->vaddr + done;
		uint64_t room = PTE_PAGE_SIZE - va % PTE_PAGE_SIZE;
		uint64_t n = seg->filesz - done < room ? seg->filesz - done : room;

		memcpy(load_kernel_ptr(p, va), image + seg->offset + done, n);
		done += n;
	}
	return 0;
}

int proc_load(struct process *p, const void *blob, size_t size, uint64_t *ret_entry,
	      uint64_t *ret_sp)
{
	struct elf_program prog;
	int err = elf_parse(blob, size, &prog);

	for (size_t i = 0; err == 0 && i < prog.segment_count; i++)
		err = load_segment(p, blob, &prog.segments[i]);
	for (uint64_t i = 1; err == 0 && i <= PROC_STACK_PAGES; i++)
		err = proc_map_anon(p, PROC_STACK_TOP - i * PTE_PAGE_SIZE,
				    VM_PROT_READ | VM_PROT_WRITE);
	if (err != 0)
		return err;
	*ret_entry = prog.entry;
	*ret_sp = PROC_STACK_TOP;
	return 0;
}

void proc_pass_handles(struct thread *t, const cairn_handle_t *handles, size_t count)
{
	uint64_t sp = t->tf.regs[TRAP_REG_SP];
	uint64_t at = (sp - count * sizeof(cairn_handle_t)) & ~15ULL;

	memcpy(load_kernel_ptr(t->proc, at), handles, count * sizeof(cairn_handle_t));
	t->tf.regs[TRAP_REG_A0] = at;
	t->tf.regs[TRAP_REG_A1] = count;
	t->tf.regs[TRAP_REG_SP] = at;
}
