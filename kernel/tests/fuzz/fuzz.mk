# libFuzzer targets, included by kernel/tests/tests.mk; the fuzz gate stage
# (gates/stages/fuzz.py) builds them with `make fuzz-targets` and asks
# `make -s print-fuzz-targets` for "binary seed-directory" lines, one for each
# "binary:seed-directory" word of FUZZ_RUNS. userspace/fuzz.mk adds the
# service libraries' targets to FUZZ_RUNS and to fuzz-targets the same way.
#
# Each target links one file from kernel/tests/fuzz/ with the pure kernel
# sources it covers, built by clang with the fuzzer, ASan and UBSan runtimes
# (Debian: clang and libclang-rt-14-dev). Seed corpora are copied from the
# host-test fixtures: real ELF programs and packer-made boot images; the
# spawn target's are written around the spawn tests' boot image by
# spawn_seed.py. fuzz_spawn also links the host frame pool of the host tests.

FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_CC ?= clang
# The sanitizer and warning flags every target shares; each tree adds its includes.
FUZZ_BASE_CFLAGS := -std=c11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
FUZZ_CFLAGS := $(FUZZ_BASE_CFLAGS) -I kernel/include -I kernel/abi -I kernel/tests

FUZZ_ELF_SRCS := kernel/tests/fuzz/fuzz_elf.c kernel/loader/elf.c
FUZZ_BOOTIMG_SRCS := kernel/tests/fuzz/fuzz_bootimg.c kernel/loader/bootimg.c kernel/loader/elf.c
FUZZ_SPAWN_SRCS := kernel/tests/fuzz/fuzz_spawn.c kernel/tests/host_frames.c \
	kernel/loader/spawn.c kernel/loader/bootimg.c kernel/loader/elf.c kernel/console_line.c \
	kernel/proc/load.c kernel/proc/quota.c kernel/mm/vm.c kernel/tests/host_panic.c
FUZZ_TARGETS := $(FUZZ_BUILD)/fuzz_elf $(FUZZ_BUILD)/fuzz_bootimg $(FUZZ_BUILD)/fuzz_spawn
FUZZ_SEEDS := $(FUZZ_BUILD)/seeds/elf.stamp $(FUZZ_BUILD)/seeds/bootimg.stamp \
	$(FUZZ_BUILD)/seeds/spawn.stamp
FUZZ_RUNS := $(FUZZ_BUILD)/fuzz_elf:$(FUZZ_BUILD)/seeds/elf \
	$(FUZZ_BUILD)/fuzz_bootimg:$(FUZZ_BUILD)/seeds/bootimg \
	$(FUZZ_BUILD)/fuzz_spawn:$(FUZZ_BUILD)/seeds/spawn

$(foreach src,$(sort $(wildcard kernel/tests/fuzz/*.c)),\
	$(call compdb_add,$(FUZZ_CC),$(FUZZ_CFLAGS),$(src)))

.PHONY: fuzz-targets print-fuzz-targets
fuzz-targets: $(FUZZ_TARGETS) $(FUZZ_SEEDS)

# Expanded when it runs, so it lists the runs every fragment added.
print-fuzz-targets:
	@$(foreach run,$(FUZZ_RUNS),echo $(subst :, ,$(run));)

$(FUZZ_BUILD)/fuzz_elf: $(FUZZ_ELF_SRCS) $(KERNEL_HDRS) kernel/tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_ELF_SRCS)

$(FUZZ_BUILD)/fuzz_bootimg: $(FUZZ_BOOTIMG_SRCS) $(KERNEL_HDRS) kernel/tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_BOOTIMG_SRCS)

$(FUZZ_BUILD)/fuzz_spawn: $(FUZZ_SPAWN_SRCS) kernel/tests/host_frames.h $(KERNEL_HDRS) \
		kernel/tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_SPAWN_SRCS)

# A seed directory is replaced whole, so a dropped fixture leaves no stale seed.
$(FUZZ_BUILD)/seeds/elf.stamp: $(ELF_FIXTURES)
	rm -rf $(basename $@) && mkdir -p $(basename $@)
	cp $^ $(basename $@)/
	touch $@

$(FUZZ_BUILD)/seeds/bootimg.stamp: $(BOOTIMG_FIXTURES)
	rm -rf $(basename $@) && mkdir -p $(basename $@)
	cp $^ $(basename $@)/
	touch $@

# One seed for each program of the spawn tests' image, one for a name it lacks,
# one asking for the most handles, and one asking above the spawner's ceiling.
SPAWN_SEED := $(PYTHON) kernel/tests/fuzz/spawn_seed.py

$(FUZZ_BUILD)/seeds/spawn.stamp: $(SPAWN_IMAGE) kernel/tests/fuzz/spawn_seed.py
	rm -rf $(basename $@) && mkdir -p $(basename $@)
	for n in small big below touch over low rwx absent; do \
		$(SPAWN_SEED) -o $(basename $@)/$$n --name $$n $(SPAWN_IMAGE) || exit 1; done
	$(SPAWN_SEED) -o $(basename $@)/handles --name small --handles 8 $(SPAWN_IMAGE)
	$(SPAWN_SEED) -o $(basename $@)/ceiling --name small --priority 5 $(SPAWN_IMAGE)
	touch $@
