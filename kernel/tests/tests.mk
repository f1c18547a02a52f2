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
# kernel/tests/host comes first: its cairn/riscv.h models the CSRs for kernel code built here.
HOST_TEST_CFLAGS := $(HOST_CFLAGS) $(CHECK_CFLAGS) -I kernel/tests/host -I kernel/include \
	-I kernel/abi -I kernel/tests
HOST_TEST_LIBS := $(CHECK_LIBS) -lfdt

# Test binary -> its test sources and the kernel sources under test; every
# binary ends its main with check_run (check_main.c).
CHECK_MAIN_SRC := kernel/tests/check_main.c
TEST_FDT_SRCS := kernel/tests/test_fdt.c kernel/tests/test_fdt_malformed.c \
	kernel/tests/fdt_blob.c kernel/dtb.c $(CHECK_MAIN_SRC)
TEST_FMT_SRCS := kernel/tests/test_fmt.c kernel/fmt.c $(CHECK_MAIN_SRC)
TEST_BOOTARGS_SRCS := kernel/tests/test_bootargs.c kernel/bootargs.c $(CHECK_MAIN_SRC)
TEST_TIMEBASE_SRCS := kernel/tests/test_timebase.c kernel/timebase.c $(CHECK_MAIN_SRC)
TEST_THREAD_QUEUE_SRCS := kernel/tests/test_thread_queue.c kernel/sched/thread_queue.c \
	kernel/tests/host_panic.c $(CHECK_MAIN_SRC)
TEST_HANDLE_SRCS := kernel/tests/test_handle.c kernel/cap/handle.c $(CHECK_MAIN_SRC)
TEST_ELF_SRCS := kernel/tests/test_elf.c kernel/tests/fixture_file.c kernel/loader/elf.c \
	$(CHECK_MAIN_SRC)
TEST_BOOTIMG_SRCS := kernel/tests/test_bootimg.c kernel/tests/fixture_file.c \
	kernel/loader/bootimg.c kernel/loader/elf.c $(CHECK_MAIN_SRC)
TEST_CONSOLE_LINE_SRCS := kernel/tests/test_console_line.c kernel/console_line.c $(CHECK_MAIN_SRC)
TEST_FRAME_SRCS := kernel/tests/test_frame.c kernel/mm/frame.c $(CHECK_MAIN_SRC)
TEST_VM_SRCS := kernel/tests/test_vm.c kernel/mm/vm.c $(CHECK_MAIN_SRC)
# Spawn's decode and the loader as the kernel builds them, over the host frame pool.
TEST_SPAWN_SRCS := kernel/tests/test_spawn.c kernel/tests/fixture_file.c \
	kernel/tests/host_frames.c kernel/loader/spawn.c kernel/loader/bootimg.c \
	kernel/loader/elf.c kernel/console_line.c kernel/proc/load.c kernel/proc/quota.c \
	kernel/mm/vm.c kernel/mm/uaccess_space.c kernel/tests/host_panic.c $(CHECK_MAIN_SRC)
# The IPC transfer decoder with the real handle tables, page tables and cross-space copies.
TEST_TRANSFER_SRCS := kernel/tests/test_transfer.c kernel/tests/host_frames.c \
	kernel/ipc/transfer.c kernel/cap/handle.c kernel/mm/vm.c kernel/mm/uaccess_space.c \
	$(CHECK_MAIN_SRC)
# Waits of every kind with the real endpoints, notifications and clock (host model of the CSRs).
TEST_WAIT_SRCS := kernel/tests/test_wait.c kernel/sched/wait.c kernel/sched/thread_queue.c \
	kernel/ipc/endpoint.c kernel/ipc/notify.c kernel/proc/quota.c kernel/clock.c \
	kernel/trap/timer.c kernel/timebase.c kernel/sbi.c kernel/tests/host_riscv.c kernel/tests/host_panic.c \
	$(CHECK_MAIN_SRC)
# The scheduler's decisions on two simulated harts (host model of the CSRs).
TEST_SCHED_SRCS := kernel/tests/test_sched.c kernel/sched/sched.c kernel/sched/thread_queue.c \
	kernel/tests/host_riscv.c kernel/tests/host_panic.c $(CHECK_MAIN_SRC)
# Every system call's decode step: the kernel's dispatch, handlers and objects built for the
# host, with the CSR model, the host frame pool, host copies to and from user memory, the
# stand-ins of host_kernel.c and the spawn tests' boot image (bootimg_blob.S assembled here).
TEST_SYSCALLS_SRCS := kernel/tests/test_syscalls.c \
	$(sort $(wildcard kernel/sys/*.c kernel/ipc/*.c kernel/sched/*.c kernel/proc/*.c)) \
	kernel/cap/handle.c kernel/mm/vm.c kernel/mm/uaccess_space.c kernel/loader/spawn.c \
	kernel/loader/bootimg.c kernel/loader/elf.c kernel/console_line.c kernel/dev/device.c \
	kernel/clock.c kernel/trap/timer.c \
	kernel/timebase.c kernel/sbi.c kernel/error.c kernel/tests/host_kernel.c \
	kernel/tests/host_uaccess.c kernel/tests/host_frames.c kernel/tests/host_riscv.c \
	kernel/tests/host_panic.c $(CHECK_MAIN_SRC)
HOST_BOOTIMG_DIR := $(HOST_BUILD)/fixtures/bootimg

HOST_TESTS := $(HOST_BUILD)/test_fdt $(HOST_BUILD)/test_fmt $(HOST_BUILD)/test_bootargs \
	$(HOST_BUILD)/test_handle $(HOST_BUILD)/test_elf $(HOST_BUILD)/test_bootimg \
	$(HOST_BUILD)/test_console_line $(HOST_BUILD)/test_timebase $(HOST_BUILD)/test_thread_queue

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

# Real programs for the ELF tests, from one source linked three ways: in the
# user window, at the linker's default address (below it), and as one RWX
# segment (-N). With -N the text follows the ELF header and two program
# headers at file offset 0xb0; linking it at the same page offset keeps it
# congruent, so the W^X rule is the only one it breaks.
ELF_FIXTURE_SRC := kernel/tests/fixtures/elf_tiny.c
ELF_FIXTURE_FLAGS := $(CROSS_CFLAGS) -nostdlib -static -Wl,--build-id=none
ELF_FIXTURES := $(HOST_BUILD)/fixtures/tiny.elf $(HOST_BUILD)/fixtures/tiny_low.elf \
	$(HOST_BUILD)/fixtures/tiny_rwx.elf

$(call compdb_add,$(CC),$(CROSS_CFLAGS),$(ELF_FIXTURE_SRC))

$(HOST_BUILD)/fixtures/tiny.elf: $(ELF_FIXTURE_SRC) kernel/tests/tests.mk
	@mkdir -p $(dir $@)
	$(CC) $(ELF_FIXTURE_FLAGS) -Wl,-Ttext-segment=0x100000000 -o $@ $<

$(HOST_BUILD)/fixtures/tiny_low.elf: $(ELF_FIXTURE_SRC) kernel/tests/tests.mk
	@mkdir -p $(dir $@)
	$(CC) $(ELF_FIXTURE_FLAGS) -o $@ $<

$(HOST_BUILD)/fixtures/tiny_rwx.elf: $(ELF_FIXTURE_SRC) kernel/tests/tests.mk
	@mkdir -p $(dir $@)
	$(CC) $(ELF_FIXTURE_FLAGS) -Wl,-N -Wl,-Ttext=0x1000000b0 -Wl,--no-warn-rwx-segments -o $@ $<

# Boot images made by the real packer, one with two programs and one empty.
BOOTIMG_FIXTURES := $(HOST_BUILD)/fixtures/boot.img $(HOST_BUILD)/fixtures/empty.img

$(HOST_BUILD)/fixtures/boot.img: $(MKBOOTIMG_DEPS) $(HOST_BUILD)/fixtures/tiny.elf \
		$(HOST_BUILD)/fixtures/tiny_low.elf
	$(PYTHON) tools/mkbootimg.py -o $@ tiny=$(HOST_BUILD)/fixtures/tiny.elf \
		low=$(HOST_BUILD)/fixtures/tiny_low.elf

$(HOST_BUILD)/fixtures/empty.img: $(MKBOOTIMG_DEPS)
	$(PYTHON) tools/mkbootimg.py -o $@

# Programs for the spawn tests, from one source linked with the user programs'
# own script (userspace/user.ld): with a bss of three pages ("small"), with one
# of 2.5 MiB that crosses level-0 tables ("big"), and the small one linked
# again high up, so that its last segment's page-rounded end lies a page below
# CAIRN_USER_STACK_BOTTOM ("below"), at it ("touch"), or a page above it, on
# the stack's first page ("over"). Their addresses come from the ABI header
# (its expressions, casts and suffixes dropped, evaluated by the shell) and
# from the small program's own __image_end, so they follow both.
NM := $(CROSS)nm
SPAWN_FIXTURE_SRC := kernel/tests/fixtures/spawn_prog.c
SPAWN_FIXTURE_FLAGS := $(CROSS_CFLAGS) -nostdlib -static -Wl,--build-id=none -T userspace/user.ld
SPAWN_FIXTURE_DEPS := $(SPAWN_FIXTURE_SRC) userspace/user.ld kernel/abi/cairn/abi/syscall.h \
	kernel/tests/tests.mk
SPAWN_FIXTURES := $(patsubst %,$(HOST_BUILD)/fixtures/spawn_%.elf,small big below touch over)
abi_number = $$(( $$(printf '\#include "cairn/abi/syscall.h"\n$(1)\n' | \
	$(HOSTCC) -E -P -I kernel/abi -x c - | tail -n 1 | sed 's/(uint64_t)//g; s/[uUlL]//g') ))
# $(1): pages between the stack's bottom and the program's page-rounded end
spawn_link_high = end=$$($(NM) $(HOST_BUILD)/fixtures/spawn_small.elf | \
		sed -n 's/^\([0-9a-f]*\) . __image_end$$/\1/p'); \
	at=$$(( $(call abi_number,CAIRN_USER_STACK_BOTTOM) + ($(1)) * 4096 - \
		(0x$$end - $(call abi_number,CAIRN_USER_BASE)) )); \
	$(CC) $(SPAWN_FIXTURE_FLAGS) -DSPAWN_BSS_BYTES=12000 \
		-Wl,--section-start=.text=$$(printf '0x%x' $$at) -o $@ $<

$(call compdb_add,$(CC),$(CROSS_CFLAGS) -DSPAWN_BSS_BYTES=12000,$(SPAWN_FIXTURE_SRC))

$(HOST_BUILD)/fixtures/spawn_small.elf: $(SPAWN_FIXTURE_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SPAWN_FIXTURE_FLAGS) -DSPAWN_BSS_BYTES=12000 -o $@ $<

$(HOST_BUILD)/fixtures/spawn_big.elf: $(SPAWN_FIXTURE_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SPAWN_FIXTURE_FLAGS) -DSPAWN_BSS_BYTES=2621440 -o $@ $<

$(HOST_BUILD)/fixtures/spawn_below.elf: $(SPAWN_FIXTURE_DEPS) $(HOST_BUILD)/fixtures/spawn_small.elf
	$(call spawn_link_high,-1)

$(HOST_BUILD)/fixtures/spawn_touch.elf: $(SPAWN_FIXTURE_DEPS) $(HOST_BUILD)/fixtures/spawn_small.elf
	$(call spawn_link_high,0)

$(HOST_BUILD)/fixtures/spawn_over.elf: $(SPAWN_FIXTURE_DEPS) $(HOST_BUILD)/fixtures/spawn_small.elf
	$(call spawn_link_high,1)

# The boot image the spawn tests find programs in: the five above and two of the
# ELF tests' (below the user window; one W+X segment).
SPAWN_IMAGE := $(HOST_BUILD)/fixtures/spawn.img

$(SPAWN_IMAGE): $(MKBOOTIMG_DEPS) $(SPAWN_FIXTURES) $(HOST_BUILD)/fixtures/tiny_low.elf \
		$(HOST_BUILD)/fixtures/tiny_rwx.elf
	$(PYTHON) tools/mkbootimg.py -o $@ $(foreach f,$(SPAWN_FIXTURES),$(patsubst \
		spawn_%.elf,%,$(notdir $(f)))=$(f)) low=$(HOST_BUILD)/fixtures/tiny_low.elf \
		rwx=$(HOST_BUILD)/fixtures/tiny_rwx.elf

# The fixtures come with the test binaries, so `make host-tests` is enough.
$(HOST_BUILD)/test_fdt: $(call host_objs,$(TEST_FDT_SRCS)) | $(HOST_FIXTURES)
$(HOST_BUILD)/test_fmt: $(call host_objs,$(TEST_FMT_SRCS))
$(HOST_BUILD)/test_bootargs: $(call host_objs,$(TEST_BOOTARGS_SRCS))
$(HOST_BUILD)/test_timebase: $(call host_objs,$(TEST_TIMEBASE_SRCS))
$(HOST_BUILD)/test_thread_queue: $(call host_objs,$(TEST_THREAD_QUEUE_SRCS))
$(HOST_BUILD)/test_console_line: $(call host_objs,$(TEST_CONSOLE_LINE_SRCS))
$(HOST_BUILD)/test_handle: $(call host_objs,$(TEST_HANDLE_SRCS))
$(HOST_BUILD)/test_elf: $(call host_objs,$(TEST_ELF_SRCS)) | $(ELF_FIXTURES)
$(HOST_BUILD)/test_bootimg: $(call host_objs,$(TEST_BOOTIMG_SRCS)) | $(BOOTIMG_FIXTURES)

$(HOST_BUILD)/test_frame: $(call host_objs,$(TEST_FRAME_SRCS))
$(HOST_BUILD)/test_vm: $(call host_objs,$(TEST_VM_SRCS))
$(HOST_BUILD)/test_spawn: $(call host_objs,$(TEST_SPAWN_SRCS)) | $(SPAWN_IMAGE)
$(HOST_BUILD)/test_transfer: $(call host_objs,$(TEST_TRANSFER_SRCS))
$(HOST_BUILD)/test_wait: $(call host_objs,$(TEST_WAIT_SRCS))
$(HOST_BUILD)/test_sched: $(call host_objs,$(TEST_SCHED_SRCS))
$(HOST_BUILD)/test_syscalls: $(call host_objs,$(TEST_SYSCALLS_SRCS)) \
	$(HOST_BUILD)/obj/kernel/loader/bootimg_blob.o

# The kernel's boot-image blob holds no instructions: the host assembles it around a copy
# of the spawn tests' image.
$(HOST_BOOTIMG_DIR)/boot.img: $(SPAWN_IMAGE)
	@mkdir -p $(dir $@)
	cp $< $@

$(HOST_BUILD)/obj/kernel/loader/bootimg_blob.o: kernel/loader/bootimg_blob.S $(HOST_BOOTIMG_DIR)/boot.img
	@mkdir -p $(dir $@)
	$(HOSTCC) -c -Wa,--noexecstack -I $(HOST_BOOTIMG_DIR) -o $@ $<
HOST_TESTS += $(HOST_BUILD)/test_frame $(HOST_BUILD)/test_vm $(HOST_BUILD)/test_spawn \
	$(HOST_BUILD)/test_transfer $(HOST_BUILD)/test_wait \
	$(HOST_BUILD)/test_sched $(HOST_BUILD)/test_syscalls
-include $(patsubst %.o,%.d,$(call host_objs,$(TEST_FRAME_SRCS) $(TEST_VM_SRCS) $(TEST_CONSOLE_LINE_SRCS) \
	$(TEST_SPAWN_SRCS) $(TEST_TRANSFER_SRCS) $(TEST_WAIT_SRCS) \
	$(TEST_SCHED_SRCS) $(TEST_SYSCALLS_SRCS)))

$(HOST_TESTS):
	$(HOSTCC) $(HOST_TEST_CFLAGS) -o $@ $(filter %.o,$^) $(HOST_TEST_LIBS)

-include $(patsubst %.o,%.d,$(call host_objs,$(sort $(TEST_FDT_SRCS) $(TEST_FMT_SRCS) $(TEST_BOOTARGS_SRCS) \
	$(TEST_HANDLE_SRCS) $(TEST_ELF_SRCS) $(TEST_BOOTIMG_SRCS) $(TEST_TIMEBASE_SRCS) \
	$(TEST_THREAD_QUEUE_SRCS))))

include kernel/tests/fuzz/fuzz.mk
