/*
 * cairn/thread.h: TLS blocks from user.ld's template, and threads started
 * with theirs. A new thread begins in cairn_thread_boot (below), which
 * takes gp from the image and tp, the entry and its argument from the start
 * record cairn_thread_start left on the thread's stack.
 */
#include "cairn/thread.h"

#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/sys.h"

/* user.ld's: the template's bounds (the block's size counts .tbss too) and the main block. */
extern const char __tdata_start[];
extern const char __tdata_end[];
extern const char __tbss_end[];

/* What cairn_thread_boot reads; its offsets are the assembly's below. */
struct cairn_thread_record {
	uint64_t entry;
	uint64_t arg;
	uint64_t tp;
	uint64_t reserved;
};
_Static_assert(sizeof(struct cairn_thread_record) == 32, "a start record keeps sp 16-aligned");
_Static_assert(offsetof(struct cairn_thread_record, tp) == 16, "cairn_thread_boot reads tp at 16");

void cairn_thread_boot(uint64_t record);
_Noreturn void cairn_thread_return(void);

__asm__(".pushsection .text.cairn_thread_boot, \"ax\", @progbits\n"
	".globl cairn_thread_boot\n"
	".type cairn_thread_boot, @function\n"
	"cairn_thread_boot:\n"
	".option push\n"
	".option norelax\n"
	"	la gp, __global_pointer$\n"
	".option pop\n"
	"	ld tp, 16(a0)\n"
	"	ld t0, 0(a0)\n"
	"	ld a0, 8(a0)\n"
	"	mv s0, zero\n"
	"	jalr t0\n"
	"	j cairn_thread_return\n"
	".size cairn_thread_boot, . - cairn_thread_boot\n"
	".popsection\n");

_Noreturn void cairn_thread_return(void)
{
	cairn_thread_exit();
}

/* The template's symbols bound one region of the image, so their addresses subtract. */
static size_t template_bytes(const char *end)
{
	return (size_t)((uintptr_t)end - (uintptr_t)__tdata_start);
}

size_t cairn_tls_size(void)
{
	return template_bytes(__tbss_end);
}

void *cairn_tls_init(void *block)
{
	size_t image = template_bytes(__tdata_end);

	memcpy(block, __tdata_start, image);
	memset((char *)block + image, 0, cairn_tls_size() - image);
	return block;
}

long cairn_thread_start(cairn_handle_t self, void (*entry)(uint64_t), uint64_t arg, void *stack,
			size_t size)
{
	uintptr_t base = (uintptr_t)stack;
	uintptr_t top = base + size;
	uintptr_t block = (top - cairn_tls_size()) & ~(uintptr_t)(CAIRN_TLS_ALIGN - 1);
	uintptr_t sp = block - sizeof(struct cairn_thread_record);
	struct cairn_thread_record *rec;
	void *tls;

	if (stack == NULL ||
	    size < cairn_tls_size() + CAIRN_TLS_ALIGN + sizeof(struct cairn_thread_record) +
			    CAIRN_THREAD_STACK_MIN ||
	    top < base)
		return ERR_RANGE;
	/* sp and the record lie inside the caller's stack: checked just above */
	rec = (struct cairn_thread_record *)sp; // NOLINT(performance-no-int-to-ptr)
	rec->entry = (uint64_t)(uintptr_t)entry;
	rec->arg = arg;
	tls = (void *)block; // NOLINT(performance-no-int-to-ptr)
	rec->tp = (uint64_t)(uintptr_t)cairn_tls_init(tls);
	rec->reserved = 0;
	return cairn_thread_create(self, cairn_thread_boot, sp, (uint64_t)sp);
}
