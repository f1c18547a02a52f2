/*
 * Host tests of the ELF checker (kernel/loader/elf.c). A hand-built image
 * with a text and a data segment is accepted, then each rule is broken on
 * its own, one field at a time; truncations and bit flips must never read
 * outside the buffer (AddressSanitizer watches); and real programs built by
 * the cross compiler are accepted or refused as their layout deserves.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/elf.h"
#include "check_main.h"
#include "fixture_file.h"

/* The good image: header, four program headers, text at 0x1000, data at 0x2000. */
enum {
	IMG_SIZE = 0x2080,
	PH0 = 64,
	PH_SIZE = 56,
	PH_COUNT = 4,
	TEXT_OFF = 0x1000,
	DATA_OFF = 0x2000,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PT_NOTE = 4,
	PF_X = 1,
	PF_W = 2,
	PF_R = 4,
	/* field offsets */
	EH_ENTRY = 24,
	EH_PHOFF = 32,
	EH_PHNUM = 56,
	PH_TYPE = 0,
	PH_FLAGS = 4,
	PH_OFFSET = 8,
	PH_VADDR = 16,
	PH_FILESZ = 32,
	PH_MEMSZ = 40,
};

#define TEXT_VADDR (CAIRN_USER_BASE + 0x1000)
#define DATA_VADDR (CAIRN_USER_BASE + 0x2000)

static void put(uint8_t *img, size_t off, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		img[off + i] = (uint8_t)(v >> (8 * i));
}

static size_t ph(unsigned i, size_t field)
{
	return PH0 + i * PH_SIZE + field;
}

static void put_load(uint8_t *img, unsigned i, uint64_t flags, uint64_t off, uint64_t vaddr,
		     uint64_t filesz, uint64_t memsz)
{
	put(img, ph(i, PH_TYPE), PT_LOAD, 4);
	put(img, ph(i, PH_FLAGS), flags, 4);
	put(img, ph(i, PH_OFFSET), off, 8);
	put(img, ph(i, PH_VADDR), vaddr, 8);
	put(img, ph(i, 24), vaddr, 8); /* paddr */
	put(img, ph(i, PH_FILESZ), filesz, 8);
	put(img, ph(i, PH_MEMSZ), memsz, 8);
	put(img, ph(i, 48), CAIRN_PAGE_SIZE, 8); /* align */
}

/* A fresh good image in a buffer of exactly IMG_SIZE bytes. */
static uint8_t *good_image(void)
{
	uint8_t *img = calloc(1, IMG_SIZE);
	static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

	ck_assert_ptr_nonnull(img);
	memcpy(img, ident, sizeof(ident));
	put(img, 16, 2, 2);   /* ET_EXEC */
	put(img, 18, 243, 2); /* EM_RISCV */
	put(img, 20, 1, 4);   /* version */
	put(img, EH_ENTRY, TEXT_VADDR + 0x10, 8);
	put(img, EH_PHOFF, PH0, 8);
	put(img, 52, 64, 2);	  /* ehsize */
	put(img, 54, PH_SIZE, 2); /* phentsize */
	put(img, EH_PHNUM, PH_COUNT, 2);
	put_load(img, 0, PF_R | PF_X, TEXT_OFF, TEXT_VADDR, 0x100, 0x100);
	put_load(img, 1, PF_R | PF_W, DATA_OFF, DATA_VADDR, 0x80, 0x1000);
	put(img, ph(2, PH_TYPE), PT_NOTE, 4);
	put(img, ph(3, PH_TYPE), 0x6474e551, 4); /* PT_GNU_STACK */
	return img;
}

static int parse(const uint8_t *img, size_t size)
{
	struct elf_program prog;

	return elf_parse(img, size, &prog);
}

START_TEST(test_good_image)
{
	uint8_t *img = good_image();
	struct elf_program prog;

	ck_assert_int_eq(elf_parse(img, IMG_SIZE, &prog), 0);
	ck_assert_uint_eq(prog.entry, TEXT_VADDR + 0x10);
	ck_assert_uint_eq(prog.segment_count, 2);
	ck_assert_uint_eq(prog.segments[0].vaddr, TEXT_VADDR);
	ck_assert_uint_eq(prog.segments[0].offset, TEXT_OFF);
	ck_assert_uint_eq(prog.segments[0].filesz, 0x100);
	ck_assert_uint_eq(prog.segments[0].memsz, 0x100);
	ck_assert_uint_eq(prog.segments[0].prot, CAIRN_PROT_READ | CAIRN_PROT_EXEC);
	ck_assert_uint_eq(prog.segments[1].vaddr, DATA_VADDR);
	ck_assert_uint_eq(prog.segments[1].filesz, 0x80);
	ck_assert_uint_eq(prog.segments[1].memsz, 0x1000);
	ck_assert_uint_eq(prog.segments[1].prot, CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	free(img);
}
END_TEST

START_TEST(test_unaligned_image)
{
	uint8_t *img = good_image();
	uint8_t *shifted = malloc(IMG_SIZE + 1);

	ck_assert_ptr_nonnull(shifted);
	memcpy(shifted + 1, img, IMG_SIZE);
	ck_assert_int_eq(parse(shifted + 1, IMG_SIZE), 0);
	free(shifted);
	free(img);
}
END_TEST

/* One corruption of the good image: a field, its new value and width, the expected error. */
struct corruption {
	const char *what;
	size_t off;
	uint64_t value;
	unsigned bytes;
	int want;
};

static const struct corruption corruptions[] = {
	{"magic", 1, 'e', 1, ERR_BADIMAGE},
	{"32-bit class", 4, 1, 1, ERR_BADIMAGE},
	{"big-endian", 5, 2, 1, ERR_BADIMAGE},
	{"ident version", 6, 0, 1, ERR_BADIMAGE},
	{"os abi", 7, 3, 1, ERR_BADIMAGE},
	{"ET_DYN", 16, 3, 2, ERR_BADIMAGE},
	{"x86-64", 18, 62, 2, ERR_BADIMAGE},
	{"version", 20, 2, 4, ERR_BADIMAGE},
	{"ehsize", 52, 52, 2, ERR_BADIMAGE},
	{"phentsize", 54, 32, 2, ERR_BADIMAGE},
	{"no phdrs", EH_PHNUM, 0, 2, ERR_BADIMAGE},
	{"too many phdrs", EH_PHNUM, ELF_MAX_PHDRS + 1, 2, ERR_BADIMAGE},
	{"PN_XNUM", EH_PHNUM, 0xffff, 2, ERR_BADIMAGE},
	{"phoff past end", EH_PHOFF, IMG_SIZE + 1, 8, ERR_BADIMAGE},
	{"phoff wraps", EH_PHOFF, UINT64_MAX - 16, 8, ERR_BADIMAGE},
	{"phdrs end 1 past", EH_PHOFF, IMG_SIZE - PH_COUNT *PH_SIZE + 1, 8, ERR_BADIMAGE},
	{"filesz > memsz", PH0 + PH_FILESZ, 0x101, 8, ERR_BADIMAGE},
	{"memsz 0", PH0 + PH_SIZE + PH_MEMSZ, 0, 8, ERR_BADIMAGE},
	{"file bytes 1 past", PH0 + PH_SIZE + PH_FILESZ, 0x81, 8, ERR_BADIMAGE},
	{"offset past end", PH0 + PH_SIZE + PH_OFFSET, IMG_SIZE + 0x1000, 8, ERR_BADIMAGE},
	{"offset wraps", PH0 + PH_SIZE + PH_OFFSET, UINT64_MAX - 0xfff, 8, ERR_BADIMAGE},
	{"filesz huge", PH0 + PH_SIZE + PH_FILESZ, UINT64_MAX, 8, ERR_BADIMAGE},
	{"vaddr not congruent", PH0 + PH_VADDR, TEXT_VADDR + 8, 8, ERR_BADIMAGE},
	{"W+X text", PH0 + PH_FLAGS, PF_R | PF_W | PF_X, 4, ERR_BADIMAGE},
	{"W+X data", PH0 + PH_SIZE + PH_FLAGS, PF_W | PF_X, 4, ERR_BADIMAGE},
	{"execute-only text", PH0 + PH_FLAGS, PF_X, 4, ERR_BADIMAGE},
	{"write-only data", PH0 + PH_SIZE + PH_FLAGS, PF_W, 4, ERR_BADIMAGE},
	{"data with no permission", PH0 + PH_SIZE + PH_FLAGS, 0, 4, ERR_BADIMAGE},
	{"below user window", PH0 + PH_VADDR, CAIRN_USER_BASE - 0x1000, 8, ERR_RANGE},
	{"at user end", PH0 + PH_SIZE + PH_VADDR, CAIRN_USER_END, 8, ERR_RANGE},
	{"past user end", PH0 + PH_SIZE + PH_VADDR, CAIRN_USER_END - 0x1000 + 0x1000000, 8,
	 ERR_RANGE},
	{"memsz crosses user end", PH0 + PH_SIZE + PH_MEMSZ, CAIRN_USER_END - DATA_VADDR + 1, 8,
	 ERR_RANGE},
	{"memsz wraps", PH0 + PH_SIZE + PH_MEMSZ, UINT64_MAX, 8, ERR_RANGE},
	{"data on the stack's bottom page", PH0 + PH_SIZE + PH_VADDR, CAIRN_USER_STACK_BOTTOM, 8,
	 ERR_RANGE},
	{"data on the stack's top page", PH0 + PH_SIZE + PH_VADDR, CAIRN_USER_END - 0x1000, 8,
	 ERR_RANGE},
	{"memsz reaches the stack", PH0 + PH_SIZE + PH_MEMSZ,
	 CAIRN_USER_STACK_BOTTOM - DATA_VADDR + 1, 8, ERR_RANGE},
	{"vaddr near top", PH0 + PH_SIZE + PH_VADDR, UINT64_MAX & ~0xfffull, 8, ERR_RANGE},
	{"segments overlap", PH0 + PH_SIZE + PH_VADDR, TEXT_VADDR, 8, ERR_BADIMAGE},
	{"text runs into the data page", PH0 + PH_MEMSZ, 0x1001, 8, ERR_BADIMAGE},
	{"PT_DYNAMIC", PH0 + 2 * PH_SIZE + PH_TYPE, PT_DYNAMIC, 4, ERR_BADIMAGE},
	{"PT_INTERP", PH0 + 3 * PH_SIZE + PH_TYPE, PT_INTERP, 4, ERR_BADIMAGE},
	{"no PT_LOAD text", PH0 + PH_TYPE, PT_NOTE, 4, ERR_BADIMAGE},
	{"entry outside", EH_ENTRY, CAIRN_USER_BASE, 8, ERR_BADIMAGE},
	{"entry one past text", EH_ENTRY, TEXT_VADDR + 0x100, 8, ERR_BADIMAGE},
	{"entry in data", EH_ENTRY, DATA_VADDR, 8, ERR_BADIMAGE},
	{"entry 0", EH_ENTRY, 0, 8, ERR_BADIMAGE},
};

START_TEST(test_corruption)
{
	const struct corruption *c = &corruptions[_i];
	uint8_t *img = good_image();
	struct elf_program prog = {.entry = 0x5a5a, .segment_count = 99};

	put(img, c->off, c->value, c->bytes);
	ck_assert_msg(elf_parse(img, IMG_SIZE, &prog) == c->want, "%s: got %d, want %d", c->what,
		      elf_parse(img, IMG_SIZE, &prog), c->want);
	/* ret untouched on failure */
	ck_assert_uint_eq(prog.entry, 0x5a5a);
	ck_assert_uint_eq(prog.segment_count, 99);
	free(img);
}
END_TEST

/*
 * Values on the edge of each rule are accepted: the entry on the last text
 * byte, program headers that end where the image ends, and a data segment
 * that ends where the stack pages below the top of the user window begin.
 */
START_TEST(test_boundaries_accepted)
{
	uint8_t *img = good_image();
	const size_t table = (size_t)PH_COUNT * PH_SIZE;

	put(img, EH_ENTRY, TEXT_VADDR + 0xff, 8);
	ck_assert_int_eq(parse(img, IMG_SIZE), 0);
	put(img, EH_PHOFF, IMG_SIZE - table, 8);
	memcpy(img + IMG_SIZE - table, img + PH0, table);
	ck_assert_int_eq(parse(img, IMG_SIZE), 0);
	put(img, IMG_SIZE - table + PH_SIZE + PH_VADDR, CAIRN_USER_STACK_BOTTOM - 0x1000, 8);
	ck_assert_int_eq(parse(img, IMG_SIZE), 0);
	free(img);
}
END_TEST

/* Byte-disjoint segments that share a page are refused: a page has one protection. */
START_TEST(test_shared_page)
{
	uint8_t *img = good_image();

	put(img, ph(1, PH_OFFSET), TEXT_OFF + 0x800, 8);
	put(img, ph(1, PH_VADDR), TEXT_VADDR + 0x800, 8);
	ck_assert_int_eq(parse(img, IMG_SIZE), ERR_BADIMAGE);
	/* the same two segments a page apart are fine */
	put(img, ph(1, PH_VADDR), TEXT_VADDR + 0x1800, 8);
	ck_assert_int_eq(parse(img, IMG_SIZE), 0);
	free(img);
}
END_TEST

START_TEST(test_no_load_segment)
{
	uint8_t *img = good_image();

	put(img, ph(0, PH_TYPE), PT_NOTE, 4);
	put(img, ph(1, PH_TYPE), PT_NOTE, 4);
	ck_assert_int_eq(parse(img, IMG_SIZE), ERR_BADIMAGE);
	free(img);
}
END_TEST

START_TEST(test_segment_count_limit)
{
	enum { N = ELF_MAX_SEGMENTS + 1, SIZE = 64 + N * PH_SIZE };
	uint8_t *img = good_image();
	uint8_t *big = calloc(1, SIZE);

	ck_assert_ptr_nonnull(big);
	memcpy(big, img, 64);
	put(big, EH_PHNUM, N, 2);
	for (unsigned i = 0; i < N; i++)
		put_load(big, i, i == 0 ? PF_R | PF_X : PF_R, 0, TEXT_VADDR + i * 0x1000ull, 0,
			 0x20);
	ck_assert_int_eq(parse(big, SIZE), ERR_BADIMAGE);
	put(big, EH_PHNUM, N - 1, 2);
	ck_assert_int_eq(parse(big, SIZE), 0);
	free(big);
	free(img);
}
END_TEST

/* Every truncation is refused until the last file byte of the data segment is present. */
START_TEST(test_truncations)
{
	uint8_t *img = good_image();

	for (size_t size = 0; size < IMG_SIZE; size++) {
		uint8_t *cut = malloc(size > 0 ? size : 1);

		ck_assert_ptr_nonnull(cut);
		memcpy(cut, img, size);
		ck_assert_int_eq(parse(cut, size), ERR_BADIMAGE);
		free(cut);
	}
	free(img);
}
END_TEST

/* Every single-bit flip in the headers gives an answer without a bad read. */
START_TEST(test_bit_flips)
{
	uint8_t *img = good_image();
	size_t accepted = 0;

	for (size_t bit = 0; bit < (size_t)ph(PH_COUNT, 0) * 8; bit++) {
		img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int err = parse(img, IMG_SIZE);
		img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (err == 0)
			accepted++;
		else if (err != ERR_BADIMAGE && err != ERR_RANGE)
			ck_abort_msg("bit %zu: unexpected error %d", bit, err);
	}
	/* flips in ignored fields (paddr, align, notes) stay accepted; most do not */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_lt(accepted, (size_t)ph(PH_COUNT, 0) * 8);
	free(img);
}
END_TEST

START_TEST(test_real_program)
{
	size_t size;
	uint8_t *img = fixture_file_load("tiny.elf", &size);
	struct elf_program prog;

	ck_assert_int_eq(elf_parse(img, size, &prog), 0);
	ck_assert_uint_eq(prog.segment_count, 2);
	ck_assert_uint_eq(prog.segments[0].prot, CAIRN_PROT_READ | CAIRN_PROT_EXEC);
	ck_assert_uint_eq(prog.segments[1].prot, CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	ck_assert_uint_gt(prog.segments[1].memsz, prog.segments[1].filesz); /* .bss */
	ck_assert_uint_ge(prog.entry, prog.segments[0].vaddr);
	ck_assert_uint_ge(prog.segments[0].vaddr, CAIRN_USER_BASE);
	free(img);
}
END_TEST

START_TEST(test_real_program_linked_low)
{
	size_t size;
	uint8_t *img = fixture_file_load("tiny_low.elf", &size);

	ck_assert_int_eq(parse(img, size), ERR_RANGE);
	free(img);
}
END_TEST

START_TEST(test_real_program_rwx)
{
	size_t size;
	uint8_t *img = fixture_file_load("tiny_rwx.elf", &size);

	ck_assert_int_eq(parse(img, size), ERR_BADIMAGE);
	free(img);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("elf");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_good_image);
	tcase_add_test(tc, test_unaligned_image);
	tcase_add_loop_test(tc, test_corruption, 0,
			    (int)(sizeof(corruptions) / sizeof(corruptions[0])));
	tcase_add_test(tc, test_boundaries_accepted);
	tcase_add_test(tc, test_shared_page);
	tcase_add_test(tc, test_no_load_segment);
	tcase_add_test(tc, test_segment_count_limit);
	tcase_add_test(tc, test_truncations);
	tcase_add_test(tc, test_bit_flips);
	tcase_add_test(tc, test_real_program);
	tcase_add_test(tc, test_real_program_linked_low);
	tcase_add_test(tc, test_real_program_rwx);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
