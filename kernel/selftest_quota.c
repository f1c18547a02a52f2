/*
 * The quota self-test (RFC-0010): a process that has ended, whose last
 * reference is held by a VMO charged to it and mapped in it, goes whole
 * when its last thread is freed, the way a thread stopped on another hart
 * is freed on that hart's next trap. Freeing the process's memory drops
 * that reference; the slot must then be released once, after the memory,
 * with nothing left charged and every frame back in the allocator.
 */
#include "cairn/kmem.h"
#include "cairn/proc.h"
#include "cairn/selftest_case.h"
#include "cairn/vm.h"
#include "cairn/vmo.h"

/* Its top table, one VMO page with its list page, and the tables to map it. */
#define SELFTEST_QUOTA_PAGES 8

/* A VMO charged to p, mapped at the bottom of p's window; p holds the only reference. */
static bool selftest_quota_map(struct process *p, struct selftest_reason *why)
{
	struct vm_table_source tables = proc_tables(p);
	struct vmo *v;

	if (!vmo_available(p, 1))
		return selftest_fail(why, "no room for a one-page VMO");
	v = vmo_create(p, 1);
	if (vm_map_user(p->root, CAIRN_USER_BASE, vmo_page(v, 0), VM_PROT_READ, &tables) != 0) {
		vmo_unref(v);
		return selftest_fail(why, "the VMO did not map");
	}
	p->maps[0] = (struct proc_mapping){.vmo = v, .va = CAIRN_USER_BASE};
	return true;
}

bool selftest_quota(const struct boot_info *boot, struct selftest_reason *why)
{
	const struct quota limits = {.limit = {[QUOTA_THREADS] = 1,
					       [QUOTA_VMOS] = 1,
					       [QUOTA_PAGES] = SELFTEST_QUOTA_PAGES}};
	uint64_t free_before = kmem_get_stats().free;
	struct process *p;
	struct thread *t = NULL;
	bool ok;

	(void)boot;
	if (proc_create("quota-test", 10, &limits, NULL, &p) != 0)
		return selftest_fail(why, "no scratch process");
	ok = selftest_quota_map(p, why);
	if (ok && proc_thread_create(p, CAIRN_USER_BASE, CAIRN_USER_END, 0, &t) != 0)
		ok = selftest_fail(why, "no thread for it");
	if (!ok) {
		p->exited = true;
		proc_unref(p);
		return false;
	}
	p->exited = true;
	proc_unref(p); /* the creator's reference: the VMO's is the last */
	proc_thread_free(t);
	if (p->used)
		return selftest_fail(why, "the ended process kept its slot");
	if (kmem_get_stats().free != free_before)
		return selftest_fail(why, "%lu frames not given back",
				     (unsigned long)(free_before - kmem_get_stats().free));
	return true;
}
