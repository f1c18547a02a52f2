/*
 * What the kernel's C needs from outside itself when it runs as a host test
 * (test_syscalls): one hart, no other harts to kick or fence, no interrupt
 * controller, a console that keeps what it is given, the kernel's root
 * table as an empty page (no user window entries), the frame counts from
 * the host frame pool, and a way to user mode that must never be taken,
 * since the tests only ever dispatch a call. Each piece says what the real
 * one does; none decides anything a test checks.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cairn/console.h"
#include "cairn/fpu.h"
#include "cairn/image.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/plic.h"
#include "cairn/smp.h"
#include "cairn/timer.h"
#include "cairn/trap.h"
#include "host_frames.h"
#include "host_kernel.h"

struct host_console host_console;
static struct hart_ctx host_hart;
static _Alignas(PTE_PAGE_SIZE) pte_t host_kernel_root[PTE_PAGE_SIZE / sizeof(pte_t)];

struct hart_ctx *hart_self(void)
{
	return &host_hart;
}

struct hart_ctx *hart_of(size_t slot)
{
	ck_assert_uint_eq(slot, 0);
	return &host_hart;
}

size_t smp_hart_count(void)
{
	return 1;
}

size_t smp_online_count(void)
{
	return 1;
}

void smp_kick(size_t slot)
{
	ck_abort_msg("kick of hart %zu: there is one", slot);
}

void smp_fence_remote(unsigned long slots, uint64_t va, uint64_t size)
{
	(void)slots;
	(void)va;
	(void)size;
}

void kvm_enable_hart(void)
{
}

const pte_t *kvm_root(void)
{
	return host_kernel_root;
}

struct kmem_stats kmem_get_stats(void)
{
	uint32_t live = (uint32_t)host_frames_live();

	return (struct kmem_stats){.usable = HOST_FRAMES_MAX, .free = HOST_FRAMES_MAX - live};
}

void trap_return_to_user(struct hart_ctx *hart, struct trap_frame *tf)
{
	(void)hart;
	(void)tf;
	ck_abort_msg("a dispatched call went to user mode");
	__builtin_unreachable();
}

const char *trap_cause_name(uint64_t scause)
{
	(void)scause;
	return "host";
}

void plic_enable(uint64_t hartid, uint32_t src)
{
	(void)hartid;
	(void)src;
}

uint32_t plic_claim(uint64_t hartid)
{
	(void)hartid;
	return 0;
}

void plic_complete(uint64_t hartid, uint32_t src)
{
	(void)hartid;
	(void)src;
}

void fpu_save(struct fpu_state *st)
{
	(void)st;
}

void fpu_load(const struct fpu_state *st)
{
	(void)st;
}

void image_init_ended(uint32_t status)
{
	ck_abort_msg("init ended with %u", status);
	__builtin_unreachable();
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(host_console.last, sizeof(host_console.last), fmt, ap);
	va_end(ap);
	host_console.writes++;
}

void console_write_from(uint64_t id, const char *name, const char *text, size_t len)
{
	(void)id;
	(void)name;
	(void)snprintf(host_console.last, sizeof(host_console.last), "%.*s", (int)len, text);
	host_console.writes++;
}
