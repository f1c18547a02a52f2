/*
 * Memory-object system calls: vmo_create, vmo_map, vmo_unmap, mmio_map. Decode checks
 * handles, rights, protections, addresses, free slots and that the frame
 * allocator holds enough frames for the perform step (under the kernel lock
 * nothing else takes frames in between), so perform cannot fail.
 */
#include "cairn/abi/errors.h"
#include "cairn/device.h"
#include "cairn/kmem.h"
#include "cairn/panic.h"
#include "cairn/sys_call.h"
#include "cairn/vm.h"
#include "cairn/vmo.h"

#define SYS_VMO_RIGHTS (RIGHT_DUP | RIGHT_TRANSFER | RIGHT_READ | RIGHT_WRITE | RIGHT_MAP)
#define SYS_PROT_ALL   (CAIRN_PROT_READ | CAIRN_PROT_WRITE | CAIRN_PROT_EXEC)

static int sys_lookup_process(const struct sys_call *c, uint64_t h, uint32_t right,
			      struct process **ret_p)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(h), KIND_PROCESS, right, &e);

	if (err != 0)
		return err;
	*ret_p = e.obj;
	return 0;
}

/*
 * Room for the page tables a mapping of `pages` pages into `p` may need
 * (vm_tables_for), in the frame allocator and in p's quota, which they are
 * charged to.
 */
static bool sys_tables_available(const struct process *p, uint32_t pages)
{
	uint64_t tables = vm_tables_for(pages);

	return kmem_get_stats().free >= tables && quota_has_room(&p->quota, QUOTA_PAGES, tables);
}

int64_t sys_vmo_create(struct sys_call *c)
{
	struct process *p;
	int err = sys_lookup_process(c, c->arg[0], RIGHT_ALLOC, &p);

	if (err != 0)
		return err;
	if (c->arg[1] == 0 || c->arg[1] > CAIRN_VMO_SIZE_MAX)
		return ERR_RANGE;
	uint32_t pages = (uint32_t)((c->arg[1] + CAIRN_PAGE_SIZE - 1) / CAIRN_PAGE_SIZE);
	if (!vmo_available(p, pages))
		return ERR_NOMEM; /* no slot, no frames, or no room in p's quota */
	if ((err = handle_alloc_check(&c->proc->handles)) != 0)
		return err;
	/* Point of no return. */
	struct vmo *v = vmo_create(p, pages);
	return handle_install(&c->proc->handles, KIND_VMO, SYS_VMO_RIGHTS, v);
}

struct sys_map_plan {
	struct process *target;
	struct vmo *vmo;
	uint64_t va;
	unsigned prot;
	size_t slot;
};

static uint32_t sys_prot_rights(unsigned prot)
{
	return RIGHT_MAP | ((prot & CAIRN_PROT_READ) != 0 ? RIGHT_READ : 0) |
	       ((prot & CAIRN_PROT_WRITE) != 0 ? RIGHT_WRITE : 0) |
	       ((prot & CAIRN_PROT_EXEC) != 0 ? RIGHT_EXECUTE : 0);
}

static int sys_prot_check(uint64_t prot)
{
	if (prot == 0 || (prot & ~(uint64_t)SYS_PROT_ALL) != 0)
		return ERR_INVAL;
	if ((prot & CAIRN_PROT_WRITE) != 0 && (prot & CAIRN_PROT_EXEC) != 0)
		return ERR_WX;
	if ((prot & CAIRN_PROT_READ) == 0)
		return ERR_INVAL; /* Sv39 has no write-only or execute-only user pages here */
	return 0;
}

/* The whole of [va, va + pages) is in the window and unmapped in `p`. */
static int sys_map_range_check(const struct process *p, uint64_t va, uint32_t pages)
{
	uint64_t size = (uint64_t)pages * CAIRN_PAGE_SIZE;

	if (va % CAIRN_PAGE_SIZE != 0)
		return ERR_ALIGN;
	if (va < CAIRN_USER_BASE || va >= CAIRN_USER_END || size > CAIRN_USER_END - va)
		return ERR_RANGE;
	for (uint32_t i = 0; i < pages; i++) {
		if (vm_lookup(p->root, va + (uint64_t)i * CAIRN_PAGE_SIZE) != NULL)
			return ERR_EXISTS;
	}
	return 0;
}

static int sys_free_mapping_slot(const struct process *p, size_t *ret_slot)
{
	for (size_t i = 0; i < PROC_MAPPINGS_MAX; i++) {
		if (p->maps[i].vmo == NULL) {
			*ret_slot = i;
			return 0;
		}
	}
	return ERR_NOMEM;
}

static int sys_vmo_map_decode(const struct sys_call *c, struct sys_map_plan *ret)
{
	struct handle_entry e;
	struct process *p;
	int err;

	if ((err = sys_lookup_process(c, c->arg[0], RIGHT_MANAGE, &p)) != 0 ||
	    (err = sys_prot_check(c->arg[3])) != 0 ||
	    (err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[1]), KIND_VMO,
				 sys_prot_rights((unsigned)c->arg[3]), &e)) != 0)
		return err;
	if (p != c->proc && c->arg[3] != CAIRN_PROT_READ)
		return ERR_DENIED;
	if (p->exited)
		return ERR_BADHANDLE; /* its address space is gone or going */
	const struct vmo *v = e.obj;
	if ((err = sys_map_range_check(p, c->arg[2], v->pages)) != 0 ||
	    (err = sys_free_mapping_slot(p, &ret->slot)) != 0)
		return err;
	if (!sys_tables_available(p, v->pages))
		return ERR_NOMEM;
	ret->target = p;
	ret->vmo = e.obj;
	ret->va = c->arg[2];
	ret->prot = (unsigned)c->arg[3];
	return 0;
}

int64_t sys_vmo_map(struct sys_call *c)
{
	struct sys_map_plan plan;
	int err = sys_vmo_map_decode(c, &plan);

	if (err != 0)
		return err;
	struct vm_table_source tables = proc_tables(plan.target);
	for (uint32_t i = 0; i < plan.vmo->pages; i++) {
		uint64_t va = plan.va + (uint64_t)i * CAIRN_PAGE_SIZE;

		if (vm_map_user(plan.target->root, va, vmo_page(plan.vmo, i), plan.prot, &tables) !=
		    0)
			PANIC("decode-checked page 0x%lx did not map", (unsigned long)va);
	}
	vmo_ref(plan.vmo);
	plan.target->maps[plan.slot] = (struct proc_mapping){.vmo = plan.vmo, .va = plan.va};
	return 0;
}

static int sys_vmo_unmap_decode(const struct sys_call *c, struct process **ret_p, size_t *ret_slot)
{
	struct process *p;
	int err = sys_lookup_process(c, c->arg[0], RIGHT_MANAGE, &p);

	if (err != 0)
		return err;
	if (c->arg[1] % CAIRN_PAGE_SIZE != 0)
		return ERR_ALIGN;
	for (size_t i = 0; i < PROC_MAPPINGS_MAX; i++) {
		if (p->maps[i].vmo != NULL && p->maps[i].va == c->arg[1]) {
			*ret_p = p;
			*ret_slot = i;
			return 0;
		}
	}
	return ERR_NOTFOUND;
}

/*
 * The frames go back to the VMO (and, with its last reference, to the
 * allocator) only after every hart running the process has dropped its
 * translations of them (proc_flush_tlb).
 */
int64_t sys_vmo_unmap(struct sys_call *c)
{
	struct process *p;
	size_t slot;
	int err = sys_vmo_unmap_decode(c, &p, &slot);

	if (err != 0)
		return err;
	struct proc_mapping *m = &p->maps[slot];
	for (uint32_t i = 0; i < m->vmo->pages; i++) {
		uint64_t pa;

		if (vm_unmap_page(p->root, m->va + (uint64_t)i * CAIRN_PAGE_SIZE, &pa) != 0)
			PANIC("mapped page 0x%lx missing", (unsigned long)m->va);
	}
	proc_flush_tlb(p, m->va, (uint64_t)m->vmo->pages * CAIRN_PAGE_SIZE);
	vmo_unref(m->vmo);
	m->vmo = NULL;
	return 0;
}

/*
 * mmio_map: a device's registers, mapped whole like a VMO but read-write,
 * never executable, never owned (the frames are the device's) and marked
 * device memory, which the kernel never copies messages through. Only into
 * the caller itself, as for any writable mapping.
 */
int64_t sys_mmio_map(struct sys_call *c)
{
	struct handle_entry e;
	struct process *p;
	int err;

	if ((err = sys_lookup_process(c, c->arg[0], RIGHT_MANAGE, &p)) != 0 ||
	    (err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[1]), KIND_MMIO,
				 RIGHT_MAP | RIGHT_READ | RIGHT_WRITE, &e)) != 0)
		return err;
	if (p != c->proc)
		return ERR_DENIED;
	const struct mmio_region *m = &((const struct device *)e.obj)->mmio;
	uint32_t pages = (uint32_t)(m->size / CAIRN_PAGE_SIZE);
	if ((err = sys_map_range_check(p, c->arg[2], pages)) != 0)
		return err;
	if (!sys_tables_available(p, pages))
		return ERR_NOMEM;
	struct vm_table_source tables = proc_tables(p);
	for (uint32_t i = 0; i < pages; i++) {
		uint64_t off = (uint64_t)i * CAIRN_PAGE_SIZE;

		if (vm_map_user(p->root, c->arg[2] + off, m->base + off,
				VM_PROT_READ | VM_PROT_WRITE | VM_PROT_DEVICE, &tables) != 0)
			PANIC("decode-checked MMIO page 0x%lx did not map",
			      (unsigned long)(c->arg[2] + off));
	}
	return 0;
}
