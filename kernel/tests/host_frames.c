/*
 * The host frame pool (host_frames.h): kmem_frame_alloc, kmem_frame_free
 * and kvm_tables over a static array of pages. Handing out is a bump of the
 * next unused page, since the code under test frees only on its error
 * paths; a reset starts the pool over.
 */
#include "host_frames.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/phys.h"

static _Alignas(FRAME_SIZE) uint8_t host_pool[HOST_FRAMES_MAX][FRAME_SIZE];
static bool host_live[HOST_FRAMES_MAX];
static uint64_t host_next;
static uint64_t host_live_count;
static uint64_t host_budget;

void host_frames_reset(uint64_t budget)
{
	memset(host_live, 0, sizeof(host_live));
	host_next = 0;
	host_live_count = 0;
	host_budget = budget < HOST_FRAMES_MAX ? budget : HOST_FRAMES_MAX;
}

uint64_t host_frames_live(void)
{
	return host_live_count;
}

int kmem_frame_alloc(uint64_t *ret_pa)
{
	if (host_live_count >= host_budget || host_next >= HOST_FRAMES_MAX)
		return ERR_NOMEM;
	memset(host_pool[host_next], 0, FRAME_SIZE);
	host_live[host_next] = true;
	host_live_count++;
	*ret_pa = phys_of(host_pool[host_next++]);
	return 0;
}

void kmem_frame_free(uint64_t pa)
{
	uint64_t i = (pa - phys_of(host_pool)) / FRAME_SIZE;

	if (pa < phys_of(host_pool) || i >= HOST_FRAMES_MAX || pa % FRAME_SIZE != 0 ||
	    !host_live[i])
		abort(); /* the kernel panics: a double or foreign free */
	host_live[i] = false;
	host_live_count--;
}

static pte_t *host_table_alloc(void *ctx)
{
	uint64_t pa;

	(void)ctx;
	return kmem_frame_alloc(&pa) == 0 ? (pte_t *)phys_to_ptr(pa) : NULL;
}

static void host_table_free(void *ctx, pte_t *table)
{
	(void)ctx;
	kmem_frame_free(phys_of(table));
}

const struct vm_table_source kvm_tables = {host_table_alloc, host_table_free, NULL};
