/*
 * Putting a program into a process (cairn/proc.h): the ELF segments of a
 * boot-image program, a stack, and for init, its five handles (itself, the
 * console, the boot image, the UART's MMIO region and interrupt). The ELF
 * checks are the loader's (cairn/elf.h); this file only maps and copies.
 */
#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/device.h"
#include "cairn/elf.h"
#include "cairn/kmem.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/sched.h"
#include "cairn/string.h"
#include "cairn/vm.h"

#define LOAD_INIT_NAME "init"

/* init holds every right over itself (RFC-0004: "all process rights"). */
#define LOAD_INIT_SELF_RIGHTS RIGHTS_ALL

/* The one console and boot image objects the handles name. */
static char load_console_obj;
static char load_bootimg_obj;

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

static void load_init_handles(struct process *p, struct thread *t)
{
	cairn_handle_t h[5];

	proc_ref(p); /* the self handle's reference */
	h[0] = handle_install(&p->handles, KIND_PROCESS, LOAD_INIT_SELF_RIGHTS, p);
	h[1] = handle_install(&p->handles, KIND_CONSOLE, RIGHT_WRITE | RIGHT_DUP | RIGHT_TRANSFER,
			      &load_console_obj);
	h[2] = handle_install(&p->handles, KIND_BOOTIMAGE,
			      RIGHT_SPAWN | RIGHT_READ | RIGHT_DUP | RIGHT_TRANSFER,
			      &load_bootimg_obj);
	h[3] = handle_install(&p->handles, KIND_MMIO,
			      RIGHT_MAP | RIGHT_READ | RIGHT_WRITE | RIGHT_DUP | RIGHT_TRANSFER,
			      &device_uart_mmio);
	h[4] = handle_install(&p->handles, KIND_INTERRUPT,
			      RIGHT_MANAGE | RIGHT_DUP | RIGHT_TRANSFER, &device_uart_irq);
	proc_pass_handles(t, h, 5);
}

size_t proc_boot_image_size(void)
{
	/* Through integers: the two symbols are distinct objects to the compiler. */
	return (size_t)(phys_of(bootimg_end) - phys_of(bootimg_start));
}

int proc_start_init(void)
{
	size_t image_size = proc_boot_image_size();
	const void *blob;
	size_t size;
	struct process *p;
	struct thread *t;
	uint64_t entry;
	uint64_t sp;
	int err = bootimg_find(bootimg_start, image_size, LOAD_INIT_NAME,
			       sizeof(LOAD_INIT_NAME) - 1, &blob, &size);

	if (err != 0)
		return err;
	if ((err = proc_create(LOAD_INIT_NAME, sizeof(LOAD_INIT_NAME) - 1, &p)) != 0)
		return err;
	if ((err = proc_load(p, blob, size, &entry, &sp)) != 0 ||
	    (err = proc_thread_create(p, entry, sp, CAIRN_PRIORITY_DEFAULT, &t)) != 0) {
		p->exited = true;
		proc_unref(p);
		return err;
	}
	p->priority_max = CAIRN_PRIORITY_MAX; /* init's ceiling is the top: it spawns everything */
	load_init_handles(p, t);
	proc_set_init(p);
	sched_make_ready(t);
	return 0;
}
