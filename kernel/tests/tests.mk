# Host unit tests, included by the top-level Makefile.
#
# Each test binary links one or more test sources from kernel/tests/ with the
# pure kernel modules it covers, built for the host with ASan and UBSan, Check
# and libfdt. Device tree fixtures (kernel/tests/fixtures/*.dts) are compiled
# with dtc into $(HOST_BUILD)/fixtures, where the tests look for them unless
# CAIRN_TEST_FIXTURES names another directory; run the tests from the repo root.

HOST_BUILD := $(BUILD)/host

CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
HOST_TEST_CFLAGS := $(HOST_CFLAGS) $(CHECK_CFLAGS) -I kernel/include -I kernel/abi -I kernel/tests
HOST_TEST_LIBS := $(CHECK_LIBS) -lfdt

# Test binary -> its test sources and the kernel sources under test.
TEST_FDT_SRCS := kernel/tests/test_fdt.c kernel/tests/test_fdt_malformed.c \
	kernel/tests/fdt_blob.c kernel/dtb.c
TEST_FMT_SRCS := kernel/tests/test_fmt.c kernel/fmt.c
TEST_BOOTARGS_SRCS := kernel/tests/test_bootargs.c kernel/bootargs.c

HOST_TESTS := $(HOST_BUILD)/test_fdt $(HOST_BUILD)/test_fmt $(HOST_BUILD)/test_bootargs

HOST_FIXTURES := $(patsubst kernel/tests/fixtures/%.dts,$(HOST_BUILD)/fixtures/%.dtb,\
	$(sort $(wildcard kernel/tests/fixtures/*.dts)))

host_objs = $(patsubst %.c,$(HOST_BUILD)/obj/%.o,$(1))

$(foreach src,$(sort $(wildcard kernel/tests/*.c)),\
	$(call compdb_add,$(HOSTCC),$(HOST_TEST_CFLAGS),$(src)))

$(HOST_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_TEST_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_BUILD)/fixtures/%.dtb: kernel/tests/fixtures/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

# The fixtures come with the test binaries, so `make host-tests` is enough.
$(HOST_BUILD)/test_fdt: $(call host_objs,$(TEST_FDT_SRCS)) | $(HOST_FIXTURES)
$(HOST_BUILD)/test_fmt: $(call host_objs,$(TEST_FMT_SRCS))
$(HOST_BUILD)/test_bootargs: $(call host_objs,$(TEST_BOOTARGS_SRCS))

$(HOST_TESTS):
	$(HOSTCC) $(HOST_TEST_CFLAGS) -o $@ $(filter %.o,$^) $(HOST_TEST_LIBS)

-include $(patsubst %.o,%.d,$(call host_objs,$(sort $(TEST_FDT_SRCS) $(TEST_FMT_SRCS) $(TEST_BOOTARGS_SRCS))))
