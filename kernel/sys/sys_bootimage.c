/*
 * bootimage_read: a piece of a boot-image file (init's manifest, policyd's
 * rules) copied to the caller. Decode checks the handle, the argument
 * block, the name and the destination range; perform copies.
 */
#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/panic.h"
#include "cairn/proc.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"

struct sys_read_plan {
	struct cairn_bootimage_read_args args;
	const uint8_t *src; /* the bytes to copy */
	uint64_t count;
};

static int sys_bootimage_read_decode(const struct sys_call *c, struct sys_read_plan *plan)
{
	struct cairn_bootimage_read_args *a = &plan->args;
	struct handle_entry e;
	char name[CAIRN_NAME_MAX];
	const void *blob;
	size_t size;
	int err;

	if ((err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_BOOTIMAGE,
				 RIGHT_READ, &e)) != 0 ||
	    (err = copy_from_user(c->proc->root, a, c->arg[1], sizeof(*a))) != 0)
		return err;
	if (a->name_len == 0 || a->name_len > CAIRN_NAME_MAX)
		return ERR_INVAL;
	if (a->len > CAIRN_BOOTIMAGE_READ_MAX)
		return ERR_RANGE;
	if ((err = copy_from_user(c->proc->root, name, a->name, a->name_len)) != 0 ||
	    (err = bootimg_find(bootimg_start, proc_boot_image_size(), name, a->name_len, &blob,
				&size)) != 0)
		return err;
	if (!uaccess_range_ok(c->proc->root, a->buf, a->len, PTE_R | PTE_W) && a->len != 0)
		return ERR_BADADDR;
	plan->src = (const uint8_t *)blob + (a->offset < size ? a->offset : size);
	plan->count = a->offset < size ? size - a->offset : 0;
	if (plan->count > a->len)
		plan->count = a->len;
	return 0;
}

int64_t sys_bootimage_read(struct sys_call *c)
{
	struct sys_read_plan plan;
	int err = sys_bootimage_read_decode(c, &plan);

	if (err != 0)
		return err;
	if (copy_to_user(c->proc->root, plan.args.buf, plan.src, plan.count) != 0)
		PANIC("checked range 0x%lx refused", (unsigned long)plan.args.buf);
	return (int64_t)plan.count;
}
