/*
 * System calls on handles and the console: handle_close, handle_dup,
 * handle_query, debug_write. Each decodes into a plan (every check, no
 * change), then performs the plan (no failure).
 */
#include "cairn/abi/errors.h"
#include "cairn/console.h"
#include "cairn/panic.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"

int64_t sys_handle_close(struct sys_call *c)
{
	struct handle_close_plan plan;
	int err = handle_close_decode(&c->proc->handles, sys_handle_arg(c->arg[0]), &plan);

	if (err != 0)
		return err;
	handle_close_perform(&c->proc->handles, &plan);
	return 0;
}

int64_t sys_handle_dup(struct sys_call *c)
{
	struct handle_dup_plan plan;

	if (c->arg[1] > UINT32_MAX)
		return ERR_INVAL;
	int err = handle_dup_decode(&c->proc->handles, sys_handle_arg(c->arg[0]),
				    (uint32_t)c->arg[1], &plan);
	if (err != 0)
		return err;
	return handle_dup_perform(&c->proc->handles, &plan);
}

/* handle_query: what to write where. */
struct sys_query_plan {
	struct cairn_handle_info info;
	uint64_t uva;
};

static int sys_handle_query_decode(const struct sys_call *c, struct sys_query_plan *ret_plan)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_NONE, 0, &e);

	if (err != 0)
		return err;
	if (c->arg[1] % 8 != 0)
		return ERR_ALIGN;
	if (!uaccess_range_ok(c->proc->root, c->arg[1], sizeof(struct cairn_handle_info),
			      PTE_R | PTE_W))
		return ERR_BADADDR;
	ret_plan->info = (struct cairn_handle_info){
		.kind = e.kind,
		.rights = e.rights,
		.object_id = e.kind == KIND_PROCESS ? ((const struct process *)e.obj)->id : 0,
	};
	ret_plan->uva = c->arg[1];
	return 0;
}

int64_t sys_handle_query(struct sys_call *c)
{
	struct sys_query_plan plan;
	int err = sys_handle_query_decode(c, &plan);

	if (err != 0)
		return err;
	/* Decode checked the range under the kernel lock, so the copy cannot fail. */
	if (copy_to_user(c->proc->root, plan.uva, &plan.info, sizeof(plan.info)) != 0)
		PANIC("checked range 0x%lx refused", (unsigned long)plan.uva);
	return 0;
}

/* debug_write: the bytes, copied in by decode. */
struct sys_write_plan {
	char text[CAIRN_DEBUG_WRITE_MAX + 1];
	uint64_t len;
};

static int sys_debug_write_decode(const struct sys_call *c, struct sys_write_plan *ret_plan)
{
	struct handle_entry e;
	int err = handle_lookup(&c->proc->handles, sys_handle_arg(c->arg[0]), KIND_CONSOLE,
				RIGHT_WRITE, &e);

	if (err != 0)
		return err;
	if (c->arg[2] > CAIRN_DEBUG_WRITE_MAX)
		return ERR_RANGE;
	if ((err = copy_from_user(c->proc->root, ret_plan->text, c->arg[1], c->arg[2])) != 0)
		return err;
	ret_plan->text[c->arg[2]] = '\0';
	ret_plan->len = c->arg[2];
	return 0;
}

int64_t sys_debug_write(struct sys_call *c)
{
	struct sys_write_plan plan;
	int err = sys_debug_write_decode(c, &plan);

	if (err != 0)
		return err;
	console_write_from(c->proc->id, c->proc->name, plan.text, plan.len);
	return (int64_t)plan.len;
}
