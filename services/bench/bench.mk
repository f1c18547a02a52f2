# The benchmark behind `just bench` (services/bench/README.md), included by
# the top-level Makefile after services/services.mk.
#
# bench (the client) and benchecho (the server) link like every user program
# but stay out of the normal boot image. They go into an image of their own,
# the client under the name `init`, and that image into a second kernel,
# $(BENCH_KERNEL): the same kernel objects, with the boot-image blob
# assembled against the bench image instead. The kernel starts whatever the
# image calls init, so the bench needs no kernel switch. `make build` builds
# both kernels; tools/bench.py boots this one.

BENCH_BUILD := $(BUILD)/bench
BENCH_IMG := $(BENCH_BUILD)/boot.img
BENCH_BLOB_OBJ := $(BENCH_BUILD)/bootimg_blob.S.o
BENCH_KERNEL := $(BENCH_BUILD)/cairn-bench.elf
BENCH_CLIENT := $(USER_BUILD)/bench.elf
BENCH_ECHO := $(USER_BUILD)/benchecho.elf

$(call user_program,bench,services/bench/client/main.c services/bench/client/bench_stats.c \
	services/bench/client/bench_varint.c,svc policy svcname text)
$(call user_program,benchecho,services/bench/echo/main.c,)
$(call user_program,benchpeer,services/bench/peer/main.c,,services/bench/client)
$(call user_program,benchnop,services/bench/nop/main.c,)
BENCH_PEER := $(USER_BUILD)/benchpeer.elf
BENCH_NOP := $(USER_BUILD)/benchnop.elf
BOOT_PROGRAMS := $(filter-out $(BENCH_CLIENT) $(BENCH_ECHO) $(BENCH_PEER) $(BENCH_NOP),$(BOOT_PROGRAMS))

$(BENCH_IMG): $(MKBOOTIMG_DEPS) $(BENCH_CLIENT) $(BENCH_ECHO) $(BENCH_PEER) $(BENCH_NOP) \
		services/bench/bench.mk
	$(PYTHON) tools/mkbootimg.py -o $@ init=$(BENCH_CLIENT) benchecho=$(BENCH_ECHO) \
		benchpeer=$(BENCH_PEER) benchnop=$(BENCH_NOP)

# bootimg_blob.S .incbins "boot.img" from the assembler's include path.
$(BENCH_BLOB_OBJ): kernel/loader/bootimg_blob.S $(BENCH_IMG) | $(MARKERS_H) $(BUILD_ID_H)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -Wa,-I,$(BENCH_BUILD) -c $< -o $@

BENCH_KERNEL_OBJS := $(filter-out $(BOOTIMG_OBJ),$(KERNEL_TEST_OBJS)) $(BENCH_BLOB_OBJ)

$(BENCH_KERNEL): $(BENCH_KERNEL_OBJS) kernel/kernel.ld
	$(CC) $(CROSS_CFLAGS) $(KERNEL_LDFLAGS) -o $@ $(BENCH_KERNEL_OBJS) -lgcc

BUILD_TARGETS += $(BENCH_KERNEL)

# Host test of the benchmark's arithmetic (Check, ASan + UBSan), run by the host stage.
BENCH_HOST_CFLAGS := $(USER_HOST_CFLAGS) -I services/bench/client
TEST_BENCH_SRCS := services/bench/tests/test_bench_stats.c services/bench/client/bench_stats.c
TEST_BENCH_OBJS := $(patsubst %.c,$(HOST_BUILD)/bench-obj/%.o,$(TEST_BENCH_SRCS))
HOST_TESTS += $(HOST_BUILD)/test_bench_stats

$(call compdb_add,$(HOSTCC),$(BENCH_HOST_CFLAGS),services/bench/tests/test_bench_stats.c)

$(HOST_BUILD)/bench-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BENCH_HOST_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_BUILD)/test_bench_stats: $(TEST_BENCH_OBJS)
	$(HOSTCC) $(BENCH_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(TEST_BENCH_OBJS:.o=.d)

# `just bench-smp` (TASK-0055, tools/smpbench.py): benchsmp as init with benchecho, in a
# kernel of its own, booted without -icount on one, two and four harts.
SMP_BUILD := $(BUILD)/bench-smp
SMP_IMG := $(SMP_BUILD)/boot.img
SMP_BLOB_OBJ := $(SMP_BUILD)/bootimg_blob.S.o
SMP_KERNEL := $(SMP_BUILD)/cairn-bench-smp.elf
SMP_CLIENT := $(USER_BUILD)/benchsmp.elf

$(call user_program,benchsmp,services/bench/smp/main.c,)
BOOT_PROGRAMS := $(filter-out $(SMP_CLIENT),$(BOOT_PROGRAMS))

$(SMP_IMG): $(MKBOOTIMG_DEPS) $(SMP_CLIENT) $(BENCH_ECHO) services/bench/bench.mk
	$(PYTHON) tools/mkbootimg.py -o $@ init=$(SMP_CLIENT) benchecho=$(BENCH_ECHO)

$(SMP_BLOB_OBJ): kernel/loader/bootimg_blob.S $(SMP_IMG) | $(MARKERS_H) $(BUILD_ID_H)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -Wa,-I,$(SMP_BUILD) -c $< -o $@

SMP_KERNEL_OBJS := $(filter-out $(BOOTIMG_OBJ),$(KERNEL_TEST_OBJS)) $(SMP_BLOB_OBJ)

$(SMP_KERNEL): $(SMP_KERNEL_OBJS) kernel/kernel.ld
	$(CC) $(CROSS_CFLAGS) $(KERNEL_LDFLAGS) -o $@ $(SMP_KERNEL_OBJS) -lgcc

BUILD_TARGETS += $(SMP_KERNEL)
