/*
 * Host tests of the kernel's device tree reader (kernel/dtb.c) on well-formed
 * trees: each dtc-built fixture and each generated tree is read by both the
 * kernel's reader and libfdt, and the answers must agree; a few facts per
 * fixture are also checked by value. Malformed blobs are covered in
 * test_fdt_malformed.c; this file also holds the binary's main.
 */
#include <check.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cairn/dtb.h"
#include "cairn/error.h"
#include "check_main.h"
#include "fdt_blob.h"

Suite *fdt_malformed_suite(void);

/* What libfdt reads from a blob, by the rules cairn/dtb.h documents. */
struct reference {
	uint64_t mem_total;
	size_t mem_count;
	uint64_t harts[DTB_MAX_HARTS + 1];
	size_t hart_count;
	uint64_t timebase_hz;
	size_t sstc_harts;
	bool has_bootargs;
	const char *bootargs;
	struct dtb_device devices[CAIRN_DEVICES_MAX];
	size_t device_count;
	size_t devices_dropped;
};

static uint64_t ref_cells(const fdt32_t *p, int cells)
{
	uint64_t v = fdt32_to_cpu(p[0]);

	return cells == 2 ? (v << 32) | fdt32_to_cpu(p[1]) : v;
}

static void ref_memory(const void *fdt, struct reference *ref)
{
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);

	for (; node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) {
		int parent = fdt_parent_offset(fdt, node);
		int ac = fdt_address_cells(fdt, parent);
		int sc = fdt_size_cells(fdt, parent);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		ck_assert_ptr_nonnull(reg);
		for (int i = 0; i + ac + sc <= len / 4; i += ac + sc) {
			uint64_t size = ref_cells(reg + i + ac, sc);

			ref->mem_total += size;
			ref->mem_count += size > 0 ? 1 : 0;
		}
	}
}

static bool ref_prop_is(const void *fdt, int node, const char *name, const char *value)
{
	const char *s = fdt_getprop(fdt, node, name, NULL);

	return s != NULL && strcmp(s, value) == 0;
}

/* Sstc in a cpu node, read another way: strtok over a copy of riscv,isa, or the extension list. */
static bool ref_has_sstc(const void *fdt, int node)
{
	const char *isa = fdt_getprop(fdt, node, "riscv,isa", NULL);
	const char *list;
	int len;

	if (isa != NULL) {
		char copy[256];
		char *save = NULL;

		(void)snprintf(copy, sizeof(copy), "%s", isa);
		(void)strtok_r(copy, "_", &save); /* the base ISA */
		for (char *tok; (tok = strtok_r(NULL, "_", &save)) != NULL;) {
			if (strcasecmp(tok, "sstc") == 0)
				return true;
		}
	}
	list = fdt_getprop(fdt, node, "riscv,isa-extensions", &len);
	if (list == NULL)
		return false;
	for (int at = 0; at < len; at += (int)strlen(list + at) + 1) {
		if (strcmp(list + at, "sstc") == 0)
			return true;
	}
	return false;
}

static void ref_harts(const void *fdt, struct reference *ref)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int ac = fdt_address_cells(fdt, cpus);
	int node;
	int len;

	ck_assert_int_ge(cpus, 0);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		if (!ref_prop_is(fdt, node, "device_type", "cpu"))
			continue;
		if (fdt_getprop(fdt, node, "status", NULL) != NULL &&
		    !ref_prop_is(fdt, node, "status", "okay"))
			continue;
		ck_assert_uint_lt(ref->hart_count, DTB_MAX_HARTS + 1);
		ref->harts[ref->hart_count++] = ref_cells(fdt_getprop(fdt, node, "reg", NULL), ac);
		ref->sstc_harts += ref_has_sstc(fdt, node) ? 1 : 0;
	}
	const fdt32_t *tb = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	if (tb != NULL)
		ref->timebase_hz = ref_cells(tb, len / 4);
}

/* The node and every ancestor have status absent or "okay". */
static bool ref_enabled(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		if (fdt_getprop(fdt, node, "status", NULL) != NULL &&
		    !ref_prop_is(fdt, node, "status", "okay"))
			return false;
	}
	return true;
}

/* A device node the kernel can place: a whole first reg entry, under the root or an identity bus.
 */
static bool ref_placeable(const void *fdt, int node, int parent)
{
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len = 0;
	int ranges_len = -1;

	if (fdt_getprop(fdt, node, "reg", &len) == NULL || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (ac + sc) * 4)
		return false;
	return parent == 0 ||
	       (fdt_getprop(fdt, parent, "ranges", &ranges_len) != NULL && ranges_len == 0);
}

/* Enabled nodes whose compatible names a class the kernel hands out, in tree order. */
static void ref_devices(const void *fdt, struct reference *ref)
{
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		uint32_t cls = fdt_node_check_compatible(fdt, node, "ns16550a") == 0
				       ? CAIRN_DEVICE_UART_16550
			       : fdt_node_check_compatible(fdt, node, "virtio,mmio") == 0
				       ? CAIRN_DEVICE_VIRTIO_MMIO
			       : fdt_node_check_compatible(fdt, node, "google,goldfish-rtc") == 0
				       ? CAIRN_DEVICE_GOLDFISH_RTC
				       : CAIRN_DEVICE_NONE;
		int parent = fdt_parent_offset(fdt, node);
		int len = 0;

		if (cls == CAIRN_DEVICE_NONE || !ref_enabled(fdt, node))
			continue;
		if (!ref_placeable(fdt, node, parent) || ref->device_count == CAIRN_DEVICES_MAX) {
			ref->devices_dropped++;
			continue;
		}
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
		const fdt32_t *irqs = fdt_getprop(fdt, node, "interrupts", &len);
		int ac = fdt_address_cells(fdt, parent);

		ck_assert_uint_lt(ref->device_count, CAIRN_DEVICES_MAX);
		ref->devices[ref->device_count++] = (struct dtb_device){
			.base = ref_cells(reg, ac),
			.size = ref_cells(reg + ac, fdt_size_cells(fdt, parent)),
			.device_class = cls,
			.irq = irqs != NULL && len >= 4 ? fdt32_to_cpu(irqs[0]) : 0,
		};
	}
}

static void ref_read(const void *fdt, struct reference *ref)
{
	memset(ref, 0, sizeof(*ref));
	ck_assert_int_eq(fdt_check_header(fdt), 0);
	ref_memory(fdt, ref);
	ref_harts(fdt, ref);
	ref_devices(fdt, ref);
	int chosen = fdt_path_offset(fdt, "/chosen");
	ref->bootargs = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	ref->has_bootargs = ref->bootargs != NULL;
}

/* Parse `b` with the kernel's reader and compare everything with libfdt. */
static void check_matches_libfdt(const struct test_blob *b, struct dtb_info *ret_info)
{
	struct reference ref;

	ref_read(b->data, &ref);
	ck_assert_int_eq(dtb_parse(b->data, b->size, ret_info), 0);
	ck_assert_uint_eq(ret_info->mem_total, ref.mem_total);
	ck_assert_uint_eq(ret_info->mem_count, ref.mem_count);
	ck_assert_uint_eq(ret_info->hart_count, ref.hart_count);
	for (size_t i = 0; i < ref.hart_count; i++)
		ck_assert_uint_eq(ret_info->harts[i], ref.harts[i]);
	ck_assert_uint_eq(ret_info->timebase_hz, ref.timebase_hz);
	ck_assert_uint_eq(ret_info->sstc_harts, ref.sstc_harts);
	ck_assert_int_eq(ret_info->has_bootargs, ref.has_bootargs);
	ck_assert_str_eq(ret_info->bootargs, ref.has_bootargs ? ref.bootargs : "");
	ck_assert_uint_eq(ret_info->device_count, ref.device_count);
	ck_assert_uint_eq(ret_info->devices_dropped, ref.devices_dropped);
	for (size_t i = 0; i < ref.device_count; i++) {
		ck_assert_uint_eq(ret_info->devices[i].base, ref.devices[i].base);
		ck_assert_uint_eq(ret_info->devices[i].size, ref.devices[i].size);
		ck_assert_uint_eq(ret_info->devices[i].device_class, ref.devices[i].device_class);
		ck_assert_uint_eq(ret_info->devices[i].irq, ref.devices[i].irq);
	}
}

/* Load fixture `name`, compare with libfdt, and leave the kernel's answer. */
static void check_fixture(const char *name, struct dtb_info *ret_info)
{
	struct test_blob b = blob_load_fixture(name);

	check_matches_libfdt(&b, ret_info);
	blob_free(&b);
}

START_TEST(test_one_hart)
{
	struct dtb_info info;

	check_fixture("one_hart", &info);
	ck_assert_uint_eq(info.hart_count, 1);
	ck_assert_uint_eq(info.harts[0], 0);
	ck_assert_uint_eq(info.mem_total, 128UL << 20);
	ck_assert_uint_eq(info.mem[0].base, 0x80000000UL);
	ck_assert_uint_eq(info.timebase_hz, 10000000);
	ck_assert_str_eq(info.bootargs, "cairn.nonce=0123abcd");
}
END_TEST

START_TEST(test_four_harts_one_disabled)
{
	struct dtb_info info;

	check_fixture("four_harts_one_disabled", &info);
	ck_assert_uint_eq(info.hart_count, 3);
	ck_assert_uint_eq(info.harts[0], 1);
	ck_assert_uint_eq(info.harts[1], 0);
	ck_assert_uint_eq(info.harts[2], 3);
	ck_assert(!dtb_has_hart(&info, 2));
	ck_assert_uint_eq(info.timebase_hz, 1000000);
	ck_assert_uint_eq(info.sstc_harts, 2);
}
END_TEST

START_TEST(test_isa_extension_tokens)
{
	static const char *const yes[] = {"rv64imac_sstc", "rv64imac_zicsr_sstc_zba",
					  "RV64IMAC_Sstc"};
	static const char *const no[] = {"rv64imac", "rv64imac_sstcx", "rv64imac_zsstc",
					 "sstc",     "rv64imac_",      "rv64imac__sst"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(dtb_isa_has_extension(yes[i], strlen(yes[i]), "sstc"), "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!dtb_isa_has_extension(no[i], strlen(no[i]), "sstc"), "%s", no[i]);
	/* the length bounds the string: what follows it is not read */
	ck_assert(!dtb_isa_has_extension("rv64imac_sstc", 12, "sstc"));
}
END_TEST

START_TEST(test_two_memory_nodes)
{
	struct dtb_info info;

	check_fixture("two_memory_nodes", &info);
	ck_assert_uint_eq(info.mem_count, 3);
	ck_assert_uint_eq(info.mem_total, (64UL << 20) + (32UL << 20) + (1UL << 30));
	ck_assert_uint_eq(info.mem[1].base, 0x90000000UL);
	ck_assert_uint_eq(info.mem[2].base, 0x100000000UL);
}
END_TEST

START_TEST(test_address_cells_1)
{
	struct dtb_info info;

	check_fixture("address_cells_1", &info);
	ck_assert_uint_eq(info.mem_count, 1);
	ck_assert_uint_eq(info.mem[0].base, 0x40000000UL);
	ck_assert_uint_eq(info.mem_total, 512UL << 20);
	ck_assert_uint_eq(info.hart_count, 2);
	ck_assert_uint_eq(info.harts[1], 7);
	ck_assert_uint_eq(info.timebase_hz, 24000000);
}
END_TEST

START_TEST(test_no_bootargs)
{
	struct dtb_info info;

	check_fixture("no_bootargs", &info);
	ck_assert(!info.has_bootargs);
	ck_assert_str_eq(info.bootargs, "");
	ck_assert_uint_eq(info.timebase_hz, 10000000); /* a 64-bit property */
}
END_TEST

START_TEST(test_virt_like)
{
	struct dtb_info info;

	check_fixture("virt_like", &info);
	ck_assert_uint_eq(info.hart_count, 2);
	ck_assert_uint_eq(info.mem_count, 1); /* reserved-memory and devices are not memory */
	ck_assert_uint_eq(info.mem_total, 128UL << 20);
	ck_assert_str_eq(info.bootargs, "cairn.nonce=abc123 quiet");
	ck_assert_uint_eq(info.sstc_harts, 2);
	/* The clock, the UART and the enabled virtio transport; the disabled one is left out. */
	ck_assert_uint_eq(info.device_count, 3);
	ck_assert_uint_eq(info.devices[0].base, 0x101000);
	ck_assert_uint_eq(info.devices[0].size, 0x1000);
	ck_assert_uint_eq(info.devices[0].device_class, CAIRN_DEVICE_GOLDFISH_RTC);
	ck_assert_uint_eq(info.devices[0].irq, 11);
	ck_assert_uint_eq(info.devices[1].base, 0x10000000);
	ck_assert_uint_eq(info.devices[1].device_class, CAIRN_DEVICE_UART_16550);
	ck_assert_uint_eq(info.devices[1].irq, 10);
	ck_assert_uint_eq(info.devices[2].base, 0x10001000);
	ck_assert_uint_eq(info.devices[2].size, 0x200);
	ck_assert_uint_eq(info.devices[2].device_class, CAIRN_DEVICE_VIRTIO_MMIO);
	ck_assert_uint_eq(info.devices[2].irq, 1);
	ck_assert_uint_eq(info.devices_dropped, 2); /* the one without reg, the translated one */
}
END_TEST

START_TEST(test_unaligned_blob)
{
	struct test_blob b = blob_load_fixture("virt_like");
	struct dtb_info aligned;
	struct dtb_info shifted;
	uint8_t *buf = malloc(b.size + 1);

	/* The reader reads bytes, so a blob at an odd address parses the same. */
	ck_assert_ptr_nonnull(buf);
	memcpy(buf + 1, b.data, b.size);
	ck_assert_int_eq(dtb_parse(b.data, b.size, &aligned), 0);
	ck_assert_int_eq(dtb_parse(buf + 1, b.size, &shifted), 0);
	ck_assert_uint_eq(shifted.mem_total, aligned.mem_total);
	ck_assert_uint_eq(shifted.hart_count, aligned.hart_count);
	ck_assert_mem_eq(shifted.harts, aligned.harts,
			 aligned.hart_count * sizeof(aligned.harts[0]));
	ck_assert_uint_eq(shifted.timebase_hz, aligned.timebase_hz);
	ck_assert_str_eq(shifted.bootargs, aligned.bootargs);
	free(buf);
	blob_free(&b);
}
END_TEST

START_TEST(test_total_size)
{
	struct test_blob b = blob_load_fixture("one_hart");
	size_t size = 0;

	ck_assert_int_eq(dtb_total_size(b.data, &size), 0);
	ck_assert_uint_eq(size, fdt_totalsize(b.data));
	ck_assert_uint_eq(size, b.size);
	blob_free(&b);
}
END_TEST

START_TEST(test_max_harts_fit)
{
	uint32_t ids[DTB_MAX_HARTS];
	struct dtb_info info;

	for (size_t i = 0; i < DTB_MAX_HARTS; i++)
		ids[i] = (uint32_t)(DTB_MAX_HARTS - i); /* descending: order is kept */
	void *fdt = sw_begin();
	sw_cpus(fdt, ids, DTB_MAX_HARTS);
	struct test_blob b = sw_finish(fdt);
	check_matches_libfdt(&b, &info);
	ck_assert_uint_eq(info.hart_count, DTB_MAX_HARTS);
	blob_free(&b);
}
END_TEST

START_TEST(test_longest_bootargs_fit)
{
	char args[DTB_BOOTARGS_MAX];
	struct dtb_info info;

	memset(args, 'x', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	struct test_blob b = sw_simple_tree(args, sizeof(args));
	check_matches_libfdt(&b, &info);
	ck_assert_uint_eq(strlen(info.bootargs), DTB_BOOTARGS_MAX - 1);
	blob_free(&b);
}
END_TEST

static Suite *fdt_wellformed_suite(void)
{
	Suite *s = suite_create("dtb well-formed");
	TCase *tc = tcase_create("libfdt agrees");

	tcase_add_test(tc, test_one_hart);
	tcase_add_test(tc, test_four_harts_one_disabled);
	tcase_add_test(tc, test_isa_extension_tokens);
	tcase_add_test(tc, test_two_memory_nodes);
	tcase_add_test(tc, test_address_cells_1);
	tcase_add_test(tc, test_no_bootargs);
	tcase_add_test(tc, test_virt_like);
	tcase_add_test(tc, test_unaligned_blob);
	tcase_add_test(tc, test_total_size);
	tcase_add_test(tc, test_max_harts_fit);
	tcase_add_test(tc, test_longest_bootargs_fit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fdt_wellformed_suite());

	srunner_add_suite(sr, fdt_malformed_suite());
	return check_run(sr);
}
