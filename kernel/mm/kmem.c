/*
 * The kernel's frame allocator instance (cairn/kmem.h): where its metadata
 * goes, which ranges are excluded, the lock, and panics on broken
 * invariants. The allocation logic itself is the pure core in frame.c.
 */
#include "cairn/kmem.h"
#include "cairn/phys.h"

#include "cairn/error.h"
#include "cairn/kernel_image.h"
#include "cairn/memlayout.h"
#include "cairn/panic.h"
#include "cairn/spinlock.h"

enum { KMEM_HOLE_OPENSBI, KMEM_HOLE_KERNEL, KMEM_HOLE_META, KMEM_HOLE_DTB, KMEM_HOLES };

static struct frame_alloc kmem_fa;
static struct frame_range kmem_holes[KMEM_HOLES];
static struct spinlock kmem_lock;

static uint64_t kmem_round_up(uint64_t v)
{
	return (v + FRAME_SIZE - 1) & ~(uint64_t)(FRAME_SIZE - 1);
}

static uint64_t kmem_round_down(uint64_t v)
{
	return v & ~(uint64_t)(FRAME_SIZE - 1);
}

/* The device tree's memory, clipped to whole frames below MEMLAYOUT_RAM_LIMIT. */
static size_t kmem_clip_memory(const struct dtb_info *dt, struct frame_range *ret_mem)
{
	size_t n = 0;

	for (size_t i = 0; i < dt->mem_count; i++) {
		uint64_t base = kmem_round_up(dt->mem[i].base);
		uint64_t end = dt->mem[i].base + dt->mem[i].size;

		if (end < dt->mem[i].base || end > MEMLAYOUT_RAM_LIMIT)
			end = MEMLAYOUT_RAM_LIMIT;
		end = kmem_round_down(end);
		if (base < end)
			ret_mem[n++] = (struct frame_range){base, end};
	}
	return n;
}

static struct frame_range kmem_span(const struct frame_range *mem, size_t n)
{
	struct frame_range span = mem[0];

	for (size_t i = 1; i < n; i++) {
		span.base = mem[i].base < span.base ? mem[i].base : span.base;
		span.end = mem[i].end > span.end ? mem[i].end : span.end;
	}
	return span;
}

/* The metadata goes right after the kernel image, or after the blob if that is in the way. */
static uint64_t kmem_place_meta(const struct frame_range *dtb, uint64_t bytes)
{
	uint64_t at = kmem_round_up((uint64_t)(uintptr_t)_kernel_end);

	if (at < dtb->end && at + bytes > dtb->base)
		at = dtb->end;
	return at;
}

void kmem_init(const struct boot_info *boot)
{
	struct frame_range mem[DTB_MAX_MEM_RANGES];
	size_t n = kmem_clip_memory(&boot->dt, mem);

	if (n == 0)
		PANIC("no memory below 0x%lx", (unsigned long)MEMLAYOUT_RAM_LIMIT);
	struct frame_range span = kmem_span(mem, n);
	uint32_t count = (uint32_t)((span.end - span.base) / FRAME_SIZE);
	uint64_t meta_bytes = kmem_round_up(frame_meta_bytes(count));
	uint64_t dtb = (uint64_t)(uintptr_t)boot->dtb;

	kmem_holes[KMEM_HOLE_DTB] =
		(struct frame_range){kmem_round_down(dtb), kmem_round_up(dtb + boot->dtb_size)};
	uint64_t meta = kmem_place_meta(&kmem_holes[KMEM_HOLE_DTB], meta_bytes);

	kmem_holes[KMEM_HOLE_OPENSBI] =
		(struct frame_range){span.base, (uint64_t)(uintptr_t)_kernel_start};
	kmem_holes[KMEM_HOLE_KERNEL] = (struct frame_range){(uint64_t)(uintptr_t)_kernel_start,
							    kmem_round_up((uintptr_t)_kernel_end)};
	kmem_holes[KMEM_HOLE_META] = (struct frame_range){meta, meta + meta_bytes};
	if (meta + meta_bytes > span.end)
		PANIC("no room for %lu bytes of frame metadata", (unsigned long)meta_bytes);
	int err = frame_init(span.base, count, (uint32_t *)phys_to_ptr(meta), mem, n, kmem_holes,
			     KMEM_HOLES, &kmem_fa);
	if (err != 0)
		PANIC("frame_init: %s", err_describe(err));
}

int kmem_frame_alloc_raw(uint64_t *ret_pa)
{
	spin_lock(&kmem_lock);
	int err = frame_alloc(&kmem_fa, ret_pa);
	spin_unlock(&kmem_lock);
	return err;
}

int kmem_frame_alloc(uint64_t *ret_pa)
{
	uint64_t pa;
	int err = kmem_frame_alloc_raw(&pa);

	if (err != 0)
		return err;
	uint64_t *words = (uint64_t *)phys_to_ptr(pa);
	for (size_t i = 0; i < FRAME_SIZE / sizeof(uint64_t); i++)
		words[i] = 0;
	*ret_pa = pa;
	return 0;
}

void kmem_frame_free(uint64_t pa)
{
	spin_lock(&kmem_lock);
	int err = frame_free(&kmem_fa, pa);
	spin_unlock(&kmem_lock);
	if (err != 0)
		PANIC("frame 0x%lx: %s", (unsigned long)pa,
		      err == ERR_BUSY ? "double free" : "not the allocator's");
}

struct kmem_stats kmem_get_stats(void)
{
	spin_lock(&kmem_lock);
	struct kmem_stats s = {
		.span_base = kmem_fa.base,
		.span_end = kmem_fa.base + (uint64_t)kmem_fa.count * FRAME_SIZE,
		.usable = kmem_fa.usable,
		.free = kmem_fa.free,
	};
	spin_unlock(&kmem_lock);
	return s;
}

bool kmem_is_excluded(uint64_t pa)
{
	for (size_t i = 0; i < KMEM_HOLES; i++) {
		if (pa < kmem_holes[i].end && pa + FRAME_SIZE > kmem_holes[i].base)
			return true;
	}
	return false;
}
