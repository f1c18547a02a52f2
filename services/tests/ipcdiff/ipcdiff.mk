# The differential boot behind `just ipcdiff` and the bench stage (RFC-0014,
# tools/ipcdiff.py), included by the top-level Makefile after bench.mk.
#
# ipcdiff (the client, packed as `init`) and ipcdiffsrv stay out of the normal
# boot image. Their image goes into two kernels made of the test kernel's
# objects: $(IPCDIFF_FAST_KERNEL) as they are, and $(IPCDIFF_SLOW_KERNEL) with
# the trap entry assembled with CAIRN_FASTPATH=0 and without fastpath.S, so
# every call takes the C path. tools/ipcdiff.py boots both.

IPCDIFF_BUILD := $(BUILD)/ipcdiff
IPCDIFF_IMG := $(IPCDIFF_BUILD)/boot.img
IPCDIFF_BLOB_OBJ := $(IPCDIFF_BUILD)/bootimg_blob.S.o
IPCDIFF_SLOW_ENTRY_OBJ := $(IPCDIFF_BUILD)/trapentry-slow.S.o
IPCDIFF_FAST_KERNEL := $(IPCDIFF_BUILD)/cairn-ipcdiff-fast.elf
IPCDIFF_SLOW_KERNEL := $(IPCDIFF_BUILD)/cairn-ipcdiff-slow.elf
IPCDIFF_CLIENT := $(USER_BUILD)/ipcdiff.elf
IPCDIFF_SERVER := $(USER_BUILD)/ipcdiffsrv.elf
IPCDIFF_COMMON := services/tests/ipcdiff/common.c services/tests/ipcdiff/ecall.c

$(call user_program,ipcdiff,services/tests/ipcdiff/client.c $(IPCDIFF_COMMON),)
$(call user_program,ipcdiffsrv,services/tests/ipcdiff/server.c $(IPCDIFF_COMMON),)
BOOT_PROGRAMS := $(filter-out $(IPCDIFF_CLIENT) $(IPCDIFF_SERVER),$(BOOT_PROGRAMS))

$(IPCDIFF_IMG): $(MKBOOTIMG_DEPS) $(IPCDIFF_CLIENT) $(IPCDIFF_SERVER) services/tests/ipcdiff/ipcdiff.mk
	$(PYTHON) tools/mkbootimg.py -o $@ init=$(IPCDIFF_CLIENT) ipcdiffsrv=$(IPCDIFF_SERVER)

$(IPCDIFF_BLOB_OBJ): kernel/loader/bootimg_blob.S $(IPCDIFF_IMG) | $(MARKERS_H) $(BUILD_ID_H)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -Wa,-I,$(IPCDIFF_BUILD) -c $< -o $@

$(IPCDIFF_SLOW_ENTRY_OBJ): kernel/arch/riscv/trapentry.S | $(MARKERS_H) $(BUILD_ID_H) $(ASM_OFFSETS_H)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -DCAIRN_FASTPATH=0 -MMD -MP -c $< -o $@

IPCDIFF_FAST_OBJS := $(filter-out $(BOOTIMG_OBJ),$(KERNEL_TEST_OBJS)) $(IPCDIFF_BLOB_OBJ)
IPCDIFF_SLOW_OBJS := $(filter-out $(BOOTIMG_OBJ) $(BUILD)/kernel/arch/riscv/trapentry.S.o \
	$(BUILD)/kernel/arch/riscv/fastpath.S.o,$(KERNEL_TEST_OBJS)) $(IPCDIFF_SLOW_ENTRY_OBJ) \
	$(IPCDIFF_BLOB_OBJ)

$(IPCDIFF_FAST_KERNEL): $(IPCDIFF_FAST_OBJS) kernel/kernel.ld
	$(CC) $(CROSS_CFLAGS) $(KERNEL_LDFLAGS) -o $@ $(IPCDIFF_FAST_OBJS) -lgcc

$(IPCDIFF_SLOW_KERNEL): $(IPCDIFF_SLOW_OBJS) kernel/kernel.ld
	$(CC) $(CROSS_CFLAGS) $(KERNEL_LDFLAGS) -o $@ $(IPCDIFF_SLOW_OBJS) -lgcc

BUILD_TARGETS += $(IPCDIFF_FAST_KERNEL) $(IPCDIFF_SLOW_KERNEL)

-include $(IPCDIFF_SLOW_ENTRY_OBJ:.o=.d)
