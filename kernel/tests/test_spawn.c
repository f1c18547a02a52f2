/*
 * Host tests of process_spawn's decode and the loader behind its perform:
 * the checks of cairn/spawn.h (kernel/loader/spawn.c, the functions the
 * kernel's decode calls), then kernel/proc/load.c as the kernel builds it,
 * over the host frame pool (host_frames.h) standing in for kmem and the
 * kernel's table source. The programs are real: one source linked with the
 * user programs' script, packed by the real packer (spawn.img, tests.mk).
 *
 * The property: whatever decode accepts loads, within the frames decode
 * counted (the pool is given exactly that many); whatever it refuses gets
 * the error RFC-0003 documents and allocates nothing. What these tests do
 * not build: proc_create and proc_thread_create (pool slots, which decode
 * checks with proc_can_create), for which the root frame is taken here.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/kmem.h"
#include "cairn/phys.h"
#include "cairn/proc.h"
#include "cairn/quota.h"
#include "cairn/spawn.h"
#include "cairn/uaccess.h"
#include "check_main.h"
#include "fixture_file.h"
#include "host_frames.h"

static uint8_t *image;
static size_t image_size;

static void load_image(void)
{
	image = fixture_file_load("spawn.img", &image_size);
}

static void free_image(void)
{
	free(image);
}

static int check_named(const char *name, struct spawn_program *ret)
{
	return spawn_program_check(image, image_size, name, strlen(name), ret);
}

/* A root table as proc_create takes one: a frame from the pool. */
static pte_t *new_root(void)
{
	uint64_t pa;

	ck_assert_int_eq(kmem_frame_alloc(&pa), 0);
	return phys_to_ptr(pa);
}

/*
 * A process as proc_create leaves one: a root table from the pool, charged
 * to a quota of `pages` pages.
 */
static struct process test_process(uint64_t pages)
{
	struct process p = {.root = new_root(), .quota = {.limit = {[QUOTA_PAGES] = pages}}};

	quota_charge(&p.quota, QUOTA_PAGES, 1);
	return p;
}

/* Every segment reads back as its file bytes, then zeros. */
static void check_segments(const pte_t *root, const uint8_t *blob, const struct elf_program *prog)
{
	static uint8_t got[4 * CAIRN_PAGE_SIZE];

	for (size_t i = 0; i < prog->segment_count; i++) {
		const struct elf_segment *s = &prog->segments[i];
		size_t n = s->memsz < sizeof(got) ? s->memsz : sizeof(got);

		ck_assert_int_eq(copy_from_space(root, got, s->vaddr, n), 0);
		ck_assert_mem_eq(got, blob + s->offset, s->filesz < n ? s->filesz : n);
		for (size_t b = s->filesz; b < n; b++)
			ck_assert_uint_eq(got[b], 0);
	}
}

/*
 * Decode `name`, then load it with the pool holding exactly the frames
 * decode counted; returns the frames the root and the load took.
 */
static uint64_t decode_and_load(const char *name, struct process *p, uint64_t *ret_entry)
{
	struct spawn_program sp;
	struct elf_program prog;
	uint64_t stack;

	ck_assert_int_eq(check_named(name, &sp), 0);
	ck_assert_int_eq(elf_parse(sp.blob, sp.size, &prog), 0);
	host_frames_reset(sp.frames);
	*p = test_process(sp.frames);
	ck_assert_int_eq(proc_load(p, sp.blob, sp.size, ret_entry, &stack), 0);
	ck_assert_uint_eq(p->quota.used[QUOTA_PAGES], host_frames_live()); /* every frame charged */
	ck_assert_uint_eq(*ret_entry, prog.entry);
	ck_assert_uint_eq(stack, CAIRN_USER_END);
	ck_assert_uint_le(host_frames_live(), sp.frames);
	check_segments(p->root, sp.blob, &prog);
	ck_assert(uaccess_range_ok(p->root, CAIRN_USER_STACK_BOTTOM,
				   (size_t)CAIRN_STACK_PAGES * CAIRN_PAGE_SIZE, PTE_R | PTE_W));
	return host_frames_live();
}

static struct cairn_spawn_args good_args(void)
{
	return (struct cairn_spawn_args){.name_len = 5,
					 .handle_count = CAIRN_SPAWN_HANDLES_MAX,
					 .self_rights = RIGHTS_ALL,
					 .priority = 4};
}

START_TEST(test_args_accepted_at_the_limits)
{
	struct cairn_spawn_args a = good_args();

	ck_assert_int_eq(spawn_args_check(&a, 4), 0);
	a.name_len = CAIRN_NAME_MAX;
	a.handle_count = 0;
	a.self_rights = 0;
	a.priority = CAIRN_PRIORITY_MAX;
	ck_assert_int_eq(spawn_args_check(&a, CAIRN_PRIORITY_MAX), 0);
	a.priority = 0;
	ck_assert_int_eq(spawn_args_check(&a, 0), 0);
}
END_TEST

START_TEST(test_args_refused_with_documented_errors)
{
	struct cairn_spawn_args a;

	a = good_args(), a.reserved = 1;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_INVAL);
	a = good_args(), a.name_len = 0;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_INVAL);
	a = good_args(), a.name_len = CAIRN_NAME_MAX + 1;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_INVAL);
	a = good_args(), a.name_len = 1ULL << 32;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_INVAL);
	a = good_args(), a.self_rights = RIGHTS_ALL + 1;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_INVAL);
	a = good_args(), a.handle_count = CAIRN_SPAWN_HANDLES_MAX + 1;
	ck_assert_int_eq(spawn_args_check(&a, 7), ERR_RANGE);
	a = good_args(), a.priority = CAIRN_PRIORITY_MAX + 1;
	ck_assert_int_eq(spawn_args_check(&a, UINT32_MAX), ERR_RANGE);
	a = good_args(), a.priority = 5;
	ck_assert_int_eq(spawn_args_check(&a, 4), ERR_DENIED); /* above the spawner's ceiling */
	a = good_args(), a.reserved = 1, a.priority = CAIRN_PRIORITY_MAX + 1;
	ck_assert_int_eq(spawn_args_check(&a, 0), ERR_INVAL); /* INVAL, RANGE, DENIED in order */
}
END_TEST

/* The linker's layouts: text, rodata, data with a bss over pages; low, and against the stack. */
START_TEST(test_accepted_programs_load_within_the_count)
{
	static const char *const names[] = {"small", "big", "below", "touch"};
	struct process p;
	uint64_t entry;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_uint_gt(decode_and_load(names[i], &p, &entry), CAIRN_STACK_PAGES);
}
END_TEST

/* "touch" ends on the page right below the stack, which proc_load maps above it. */
START_TEST(test_segment_touching_the_stack)
{
	struct spawn_program sp;
	struct elf_program prog;
	struct process p;
	uint64_t entry;

	decode_and_load("touch", &p, &entry);
	ck_assert_int_eq(check_named("touch", &sp), 0);
	ck_assert_int_eq(elf_parse(sp.blob, sp.size, &prog), 0);
	const struct elf_segment *last = &prog.segments[prog.segment_count - 1];
	uint64_t end =
		(last->vaddr + last->memsz + CAIRN_PAGE_SIZE - 1) & ~(CAIRN_PAGE_SIZE - 1ULL);
	ck_assert_uint_eq(end, CAIRN_USER_STACK_BOTTOM);
}
END_TEST

/* The count is not met by luck: one frame fewer than the load took fails it. */
START_TEST(test_one_frame_short_fails_the_load)
{
	struct spawn_program sp;
	struct process p;
	uint64_t entry;
	uint64_t stack;
	uint64_t used = decode_and_load("big", &p, &entry);

	ck_assert_int_eq(check_named("big", &sp), 0);
	host_frames_reset(used - 1);
	p = test_process(used);
	ck_assert_int_eq(proc_load(&p, sp.blob, sp.size, &entry, &stack), ERR_NOMEM);
}
END_TEST

/* The quota binds as the pool does: a page quota one short of the load fails it. */
START_TEST(test_one_page_short_of_the_quota_fails_the_load)
{
	struct spawn_program sp;
	struct process p;
	uint64_t entry;
	uint64_t stack;
	uint64_t used = decode_and_load("big", &p, &entry);

	ck_assert_int_eq(check_named("big", &sp), 0);
	host_frames_reset(HOST_FRAMES_MAX);
	p = test_process(used - 1);
	ck_assert_int_eq(proc_load(&p, sp.blob, sp.size, &entry, &stack), ERR_NOMEM);
	ck_assert_uint_eq(p.quota.used[QUOTA_PAGES], used - 1);
}
END_TEST

/* Spawn's decode refuses a child whose quota cannot hold its first thread or its program. */
START_TEST(test_quota_must_hold_the_program)
{
	struct spawn_program sp;
	struct quota q = {.limit = {[QUOTA_THREADS] = 1}};

	ck_assert_int_eq(check_named("small", &sp), 0);
	q.limit[QUOTA_PAGES] = sp.frames;
	ck_assert_int_eq(spawn_quota_check(&q, &sp), 0);
	q.limit[QUOTA_PAGES] = sp.frames - 1;
	ck_assert_int_eq(spawn_quota_check(&q, &sp), ERR_NOMEM);
	q.limit[QUOTA_PAGES] = sp.frames;
	q.limit[QUOTA_THREADS] = 0;
	ck_assert_int_eq(spawn_quota_check(&q, &sp), ERR_NOMEM);
}
END_TEST

/* Little-endian fields of the ELF-64 header and program headers, for the relocation below. */
enum {
	EH_ENTRY = 24,
	EH_PHOFF = 32,
	EH_PHNUM = 56,
	PH_SIZE = 56,
	PH_VADDR = 16,
	PH_MEMSZ = 40,
	GIB = 1 << 30,
};

static uint64_t get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = bytes; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return v;
}

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * The small program with each PT_LOAD moved to start one page below its own
 * 1 GiB boundary (6, 8, 10 GiB) and made at least two pages long: every
 * range then meets two level-1 and two level-0 tables of its own, the
 * layout spawn_frames is exact on. Its file offsets are page-aligned, so the
 * new addresses stay congruent; the entry moves with the text.
 */
static uint8_t *worst_layout(const struct spawn_program *sp)
{
	uint8_t *img = malloc(sp->size);
	unsigned moved = 0;

	ck_assert_ptr_nonnull(img);
	memcpy(img, sp->blob, sp->size);
	for (uint64_t i = 0; i < get(img + EH_PHNUM, 2); i++) {
		uint8_t *ph = img + get(img + EH_PHOFF, 8) + i * PH_SIZE;
		uint64_t old = get(ph + PH_VADDR, 8);
		uint64_t at = (6 + 2 * (uint64_t)moved) * GIB - CAIRN_PAGE_SIZE;
		uint64_t entry = get(img + EH_ENTRY, 8);

		if (get(ph, 4) != 1 /* PT_LOAD */)
			continue;
		if (entry >= old && entry - old < get(ph + PH_MEMSZ, 8))
			put(img + EH_ENTRY, entry - old + at, 8);
		put(ph + PH_VADDR, at, 8);
		if (get(ph + PH_MEMSZ, 8) <= CAIRN_PAGE_SIZE)
			put(ph + PH_MEMSZ, CAIRN_PAGE_SIZE + 1, 8);
		moved++;
	}
	ck_assert_uint_eq(moved, 3);
	return img;
}

/* On its worst layout the count is exactly what the load takes: one frame less would fail. */
START_TEST(test_count_is_exact_on_the_worst_layout)
{
	struct spawn_program sp;
	struct elf_program prog;
	struct process p;
	uint64_t entry;
	uint64_t stack;

	ck_assert_int_eq(check_named("small", &sp), 0);
	uint8_t *img = worst_layout(&sp);
	ck_assert_int_eq(elf_parse(img, sp.size, &prog), 0);
	host_frames_reset(spawn_frames(&prog));
	p = test_process(spawn_frames(&prog));
	ck_assert_int_eq(proc_load(&p, img, sp.size, &entry, &stack), 0);
	ck_assert_uint_eq(host_frames_live(), spawn_frames(&prog));
	free(img);
}
END_TEST

START_TEST(test_refused_programs_allocate_nothing)
{
	static const struct {
		const char *name;
		int err;
	} cases[] = {
		{"over", ERR_RANGE},	  /* its last page is the stack's first */
		{"low", ERR_RANGE},	  /* below CAIRN_USER_BASE */
		{"rwx", ERR_BADIMAGE},	  /* one writable, executable segment */
		{"absent", ERR_NOTFOUND}, /* no such program */
		{"kernel", ERR_INVAL},	  /* a name the console keeps */
		{"bad name", ERR_INVAL},  /* outside the packer's characters */
		{"", ERR_INVAL},	  /* empty */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spawn_program sp = {.frames = 12345};

		host_frames_reset(HOST_FRAMES_MAX);
		ck_assert_int_eq(check_named(cases[i].name, &sp), cases[i].err);
		ck_assert_uint_eq(sp.frames, 12345); /* untouched on failure */
		ck_assert_uint_eq(host_frames_live(), 0);
	}
}
END_TEST

/* Every program of the image: accepted means it loads within the count. */
START_TEST(test_every_program_accepted_loads)
{
	size_t count;
	size_t accepted = 0;

	ck_assert_int_eq(bootimg_check(image, image_size, &count), 0);
	for (size_t i = 0; i < count; i++) {
		struct bootimg_entry e;
		struct spawn_program sp;
		struct process p;
		uint64_t entry;

		ck_assert_int_eq(bootimg_entry_at(image, image_size, i, &e), 0);
		if (check_named(e.name, &sp) != 0)
			continue;
		decode_and_load(e.name, &p, &entry);
		accepted++;
	}
	ck_assert_uint_eq(accepted, 4);
}
END_TEST

/* Perform's last step: the child's handles on top of the stack proc_load mapped. */
START_TEST(test_handles_passed_on_the_stack)
{
	cairn_handle_t hs[CAIRN_SPAWN_HANDLES_MAX + 1];
	cairn_handle_t got[CAIRN_SPAWN_HANDLES_MAX + 1];
	struct process p;
	struct thread t = {.proc = &p};
	uint64_t entry;

	decode_and_load("small", &p, &entry);
	t.tf.regs[TRAP_REG_SP] = CAIRN_USER_END;
	for (size_t i = 0; i < CAIRN_SPAWN_HANDLES_MAX + 1; i++)
		hs[i] = (cairn_handle_t)(0x100 + i);
	proc_pass_handles(&t, hs, CAIRN_SPAWN_HANDLES_MAX + 1);
	ck_assert_uint_eq(t.tf.regs[TRAP_REG_SP] % 16, 0);
	ck_assert_uint_eq(t.tf.regs[TRAP_REG_A0], t.tf.regs[TRAP_REG_SP]);
	ck_assert_uint_eq(t.tf.regs[TRAP_REG_A1], CAIRN_SPAWN_HANDLES_MAX + 1);
	ck_assert_int_eq(copy_from_space(p.root, got, t.tf.regs[TRAP_REG_A0], sizeof(got)), 0);
	ck_assert_mem_eq(got, hs, sizeof(hs));
}
END_TEST

static Suite *spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *args = tcase_create("args");
	TCase *load = tcase_create("load");

	tcase_add_test(args, test_args_accepted_at_the_limits);
	tcase_add_test(args, test_args_refused_with_documented_errors);
	tcase_add_unchecked_fixture(load, load_image, free_image);
	tcase_add_test(load, test_accepted_programs_load_within_the_count);
	tcase_add_test(load, test_segment_touching_the_stack);
	tcase_add_test(load, test_one_frame_short_fails_the_load);
	tcase_add_test(load, test_one_page_short_of_the_quota_fails_the_load);
	tcase_add_test(load, test_quota_must_hold_the_program);
	tcase_add_test(load, test_count_is_exact_on_the_worst_layout);
	tcase_add_test(load, test_refused_programs_allocate_nothing);
	tcase_add_test(load, test_every_program_accepted_loads);
	tcase_add_test(load, test_handles_passed_on_the_stack);
	suite_add_tcase(s, args);
	suite_add_tcase(s, load);
	return s;
}

int main(void)
{
	return check_run(srunner_create(spawn_suite()));
}
