/*
 * Boot self-tests of memory management: the frame allocator, the live
 * page tables, and the user-access checks. Each is one case of the table in selftest.c.
 */
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/console.h"
#include "cairn/kernel_image.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/riscv.h"
#include "cairn/selftest_case.h"
#include "cairn/smp.h"
#include "cairn/uaccess.h"

/* What the frame test writes into each frame it holds: the chain and a tag. */
struct selftest_frame_note {
	uint64_t next; /* the frame taken before this one, 0 for the first */
	uint64_t tag;
};

static bool selftest_frame_in_memory(const struct dtb_info *dt, uint64_t pa)
{
	for (size_t i = 0; i < dt->mem_count; i++) {
		if (pa >= dt->mem[i].base && pa + FRAME_SIZE <= dt->mem[i].base + dt->mem[i].size)
			return true;
	}
	return false;
}

/* One frame just handed out: aligned, in memory, not excluded, not handed out before. */
static bool selftest_frame_check(const struct dtb_info *dt, uint64_t pa, uint64_t tag,
				 struct selftest_reason *why)
{
	if (pa % FRAME_SIZE != 0)
		return selftest_fail(why, "frame 0x%lx is misaligned", (unsigned long)pa);
	if (!selftest_frame_in_memory(dt, pa) || kmem_is_excluded(pa))
		return selftest_fail(why, "frame 0x%lx is outside free memory", (unsigned long)pa);
	if (((const struct selftest_frame_note *)phys_to_ptr(pa))->tag == tag)
		return selftest_fail(why, "frame 0x%lx handed out twice", (unsigned long)pa);
	return true;
}

/* Give back every frame on the chain; returns how many. */
static uint32_t selftest_frames_release(uint64_t chain)
{
	uint32_t n = 0;

	while (chain != 0) {
		struct selftest_frame_note *note = (struct selftest_frame_note *)phys_to_ptr(chain);
		uint64_t next = note->next;

		note->tag = 0;
		kmem_frame_free(chain);
		chain = next;
		n++;
	}
	return n;
}

bool selftest_frames(const struct boot_info *boot, struct selftest_reason *why)
{
	struct kmem_stats before = kmem_get_stats();
	uint64_t tag = 0x6672616d65730000ULL ^ riscv_time(); /* differs from run to run */
	uint64_t chain = 0;
	uint64_t pa;
	uint32_t taken = 0;
	bool ok = true;

	while (ok && kmem_frame_alloc_raw(&pa) == 0) {
		ok = selftest_frame_check(&boot->dt, pa, tag, why);
		if (!ok)
			break;
		*(struct selftest_frame_note *)phys_to_ptr(pa) =
			(struct selftest_frame_note){.next = chain, .tag = tag};
		chain = pa;
		taken++;
	}
	uint32_t left = kmem_get_stats().free;
	uint32_t given_back = selftest_frames_release(chain);
	struct kmem_stats after = kmem_get_stats();

	if (!ok)
		return false;
	kprintf("frames: %u usable, all taken once and given back\n", taken);
	if (taken != before.free || left != 0 || given_back != taken || after.free != before.free)
		return selftest_fail(why, "free %u, took %u, left %u, back %u, free after %u",
				     before.free, taken, left, given_back, after.free);
	return true;
}

/* What a walk of the live tables found. */
struct selftest_wx_scan {
	uint64_t leaves;
	uint64_t bad_va; /* the first offending page */
	const char *bad; /* what was wrong with it, NULL while all is well */
};

static void selftest_wx_note(struct selftest_wx_scan *scan, uint64_t va, const char *what)
{
	if (scan->bad == NULL) {
		scan->bad = what;
		scan->bad_va = va;
	}
}

static void selftest_wx_visit(uint64_t va, pte_t leaf, void *ctx)
{
	struct selftest_wx_scan *scan = ctx;
	bool in_window = va >= CAIRN_USER_BASE && va < CAIRN_USER_END;

	scan->leaves++;
	if ((leaf & PTE_W) != 0 && (leaf & PTE_X) != 0)
		selftest_wx_note(scan, va, "writable and executable");
	if ((leaf & PTE_U) != 0 && !in_window)
		selftest_wx_note(scan, va, "user page outside the user window");
	if ((leaf & PTE_U) == 0 && in_window)
		selftest_wx_note(scan, va, "kernel page inside the user window");
}

/* Every page of [start, end) is mapped with exactly the permission bits `want`. */
static bool selftest_wx_region(const pte_t *root, const char *name, const char *start,
			       const char *end, uint64_t want, struct selftest_reason *why)
{
	for (uint64_t va = phys_of(start); va < phys_of(end); va += PTE_PAGE_SIZE) {
		const pte_t *leaf = vm_lookup(root, va);

		if (leaf == NULL || (*leaf & (PTE_R | PTE_W | PTE_X | PTE_U)) != want)
			return selftest_fail(why, "kernel %s page 0x%lx mapped 0x%lx", name,
					     (unsigned long)va, leaf ? (unsigned long)*leaf : 0UL);
	}
	return true;
}

static void selftest_wx_record_satp(size_t slot, void *arg)
{
	((uint64_t *)arg)[slot] = riscv_satp();
}

bool selftest_wx(const struct boot_info *boot, struct selftest_reason *why)
{
	uint64_t satps[SMP_MAX_HARTS] = {0};
	struct selftest_wx_scan scan = {0};

	(void)boot;
	if (smp_run_on_all(selftest_wx_record_satp, satps, 2000) != 0)
		return selftest_fail(why, "harts did not report their satp");
	for (size_t i = 0; i < smp_online_count(); i++) {
		if (satps[i] != kvm_satp())
			return selftest_fail(why, "hart slot %lu runs satp 0x%lx", (unsigned long)i,
					     (unsigned long)satps[i]);
	}
	const pte_t *root = phys_to_ptr(pte_pa(riscv_satp() << PTE_PPN_SHIFT));

	vm_for_each_leaf(root, selftest_wx_visit, &scan);
	if (scan.bad != NULL)
		return selftest_fail(why, "page 0x%lx: %s", (unsigned long)scan.bad_va, scan.bad);
	if (!selftest_wx_region(root, "text", _text_start, _text_end, PTE_R | PTE_X, why) ||
	    !selftest_wx_region(root, "rodata", _rodata_start, _rodata_end, PTE_R, why) ||
	    !selftest_wx_region(root, "data", _data_start, _bss_end, PTE_R | PTE_W, why))
		return false;
	kprintf("wx: %lu leaves checked on %lu harts\n", (unsigned long)scan.leaves,
		(unsigned long)smp_online_count());
	return true;
}

/* The uaccess checks against a scratch address space with one read-only user page. */
static bool selftest_uaccess_refusals(const struct process *p, struct selftest_reason *why)
{
	static const struct {
		const char *what;
		uint64_t uva;
		size_t len;
		bool write;
	} bad[] = {
		{"kernel text", 0x80200000ULL, 8, false},
		{"an unmapped page", CAIRN_USER_BASE + CAIRN_PAGE_SIZE, 8, false},
		{"a range running off the page", CAIRN_USER_BASE + CAIRN_PAGE_SIZE - 4, 8, false},
		{"a wrapping range", UINT64_MAX - 3, 8, false},
		{"a read-only page", CAIRN_USER_BASE, 8, true},
	};
	uint64_t word = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = bad[i].write ? copy_to_user(p->root, bad[i].uva, &word, bad[i].len)
				       : copy_from_user(p->root, &word, bad[i].uva, bad[i].len);

		if (err != ERR_BADADDR)
			return selftest_fail(why, "copy %s %s gave %d",
					     bad[i].write ? "to" : "from", bad[i].what, err);
	}
	return true;
}

/* A good read, run on the scratch space's own tables as a system call would be. */
static bool selftest_uaccess_read(const struct process *p, struct selftest_reason *why)
{
	uint64_t word = 1;
	int err;

	riscv_satp_switch(pte_satp(phys_of(p->root)));
	err = copy_from_user(p->root, &word, CAIRN_USER_BASE, sizeof(word));
	kvm_enable_hart();
	if (err != 0 || word != 0)
		return selftest_fail(why, "read of a zeroed user page gave %d, 0x%lx", err,
				     (unsigned long)word);
	if ((riscv_sstatus() & RISCV_SSTATUS_SUM) != 0)
		return selftest_fail(why, "SUM left set");
	return true;
}

/* The scratch process's quota: its top table, one page and the tables to map it. */
#define SELFTEST_SCRATCH_PAGES 4

bool selftest_uaccess(const struct boot_info *boot, struct selftest_reason *why)
{
	const struct quota scratch = {.limit = {[QUOTA_PAGES] = SELFTEST_SCRATCH_PAGES}};
	struct process *p;
	bool ok;

	(void)boot;
	if (proc_create("uaccess-test", 12, &scratch, NULL, &p) != 0)
		return selftest_fail(why, "no scratch process");
	ok = proc_map_anon(p, CAIRN_USER_BASE, VM_PROT_READ) == 0;
	ok = ok ? selftest_uaccess_refusals(p, why) && selftest_uaccess_read(p, why)
		: selftest_fail(why, "no scratch page");
	p->exited = true;
	proc_unref(p);
	return ok;
}
