# Cairn top-level build. One non-recursive make: this file sets the toolchains and
# common flags; each tree adds its own rules through an included fragment.
#
#   make run [SMP=n] [MEM=size] [FRESH=1]
#                                 set up, build, boot interactively in QEMU on the
#                                 disk image build/disk/cairn.img, made on first use
#                                 and kept, so what is stored stays; FRESH=1 starts
#                                 over with a blank one
#   make run EXTRA="a.elf ..."    the same, with outside programs started by init
#   make test                     set up, then run the whole gate (just test-all)
#   make build                    cross-build the kernel and user programs (-Werror)
#   make sdk                      install build/sdk, for programs built outside the tree
#   make host-tests               build the host unit tests (ASan + UBSan)
#   make compdb                   write build/compile_commands.json
#   make help                     this list

BUILD   := build
PYTHON  := /usr/bin/python3
CROSS   ?= riscv64-unknown-elf-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= gcc
QEMU    ?= qemu-system-riscv64
OPENSBI ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

SMP ?= 1
MEM ?= 128M

# Flags shared by every cross-compiled translation unit. No quotes may appear in
# any flag: the compilation database below is written from these words verbatim.
CROSS_CFLAGS := -std=c11 -march=rv64gc -mabi=lp64d -mcmodel=medany \
	-ffreestanding -fno-builtin -fno-common -fno-pie -fno-stack-protector \
	-fno-omit-frame-pointer -O2 -g \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wvla -Wundef
HOST_CFLAGS := -std=c11 -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes

GEN := $(BUILD)/gen
MARKERS_H := $(GEN)/cairn/markers.h

.DEFAULT_GOAL := help
.PHONY: help setup run test build host-tests compdb clean print-host-tests

help:
	@sed -n '4,12p' Makefile | sed 's/^# \{0,1\}//'

setup:
	@bash tools/setup.sh

# The marker registry is the one source of truth for marker text; the kernel
# prints the generated macros, the gate checks console lines against the same file.
$(MARKERS_H): gates/markers.yaml gates/markers.py
	@mkdir -p $(dir $@)
	$(PYTHON) -m gates markers-header $@

# Compilation database entries: each tree appends with $(call compdb_add,...).
COMPDB_ENTRIES :=
comma := ,
empty :=
space := $(empty) $(empty)
json_words = $(subst $(space),$(comma),$(foreach w,$(1),"$(w)"))
# $(1) compiler, $(2) flags, $(3) source
compdb_add = $(eval COMPDB_ENTRIES += {"directory":"$(CURDIR)","file":"$(3)","arguments":[$(call json_words,$(1) $(2) -c $(3))]})

include kernel/kernel.mk
include kernel/tests/tests.mk
-include userspace/userspace.mk
-include services/services.mk
-include services/bench/bench.mk
-include services/tests/ipcdiff/ipcdiff.mk
-include tools/sdk/sdk.mk
-include tests/hostile/hostile.mk

# EXTRA: outside programs (RV64 ELF files, e.g. built against build/sdk) for this
# boot. Each is packed under its file name without the extension, and init's
# manifest gets a line that starts it after every other service, once
# (tools/manifest_extra.py writes it, tools/manifest.py checks the result). The
# list file changes only when EXTRA does, so a different EXTRA remakes the manifest.
EXTRA ?=
ifneq ($(strip $(EXTRA)),)
EXTRA_MANIFEST := $(BUILD)/extra/manifest.txt
EXTRA_LIST := $(BUILD)/extra/programs.txt
BOOT_PROGRAMS := $(filter-out $(BOOT_MANIFEST),$(BOOT_PROGRAMS)) $(EXTRA_MANIFEST) $(EXTRA)

.PHONY: extra-list-force
$(EXTRA_LIST): extra-list-force
	@mkdir -p $(dir $@)
	@printf '%s\n' $(EXTRA) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(EXTRA_MANIFEST): $(BOOT_MANIFEST) $(EXTRA_LIST) $(EXTRA) tools/manifest_extra.py $(MKBOOTIMG_DEPS)
	$(PYTHON) tools/manifest_extra.py --base $(BOOT_MANIFEST) -o $@.unchecked $(EXTRA)
	$(PYTHON) tools/manifest.py --output $@ $@.unchecked
endif

build: $(BUILD_TARGETS)

host-tests: $(HOST_TESTS)

print-host-tests:
	@echo $(HOST_TESTS)

compdb: $(BUILD)/compile_commands.json

$(BUILD)/compile_commands.json: $(MAKEFILE_LIST) $(MARKERS_H)
	@mkdir -p $(dir $@)
	$(file >$@,[$(subst }$(space){,}$(comma){,$(strip $(COMPDB_ENTRIES)))])
	@echo "wrote $@"

# The disk `make run` boots on: kept between runs, blank when new or with FRESH=1.
RUN_DISK := $(BUILD)/disk/cairn.img
RUN_DISK_SIZE := 64M

run: setup
	@$(MAKE) --no-print-directory build
	@if [ -n "$(FRESH)" ] || [ ! -f $(RUN_DISK) ]; then \
		mkdir -p $(dir $(RUN_DISK)) && rm -f $(RUN_DISK) && truncate -s $(RUN_DISK_SIZE) $(RUN_DISK) && \
		echo "run: a blank disk, $(RUN_DISK) ($(RUN_DISK_SIZE))"; \
	else echo "run: the disk $(RUN_DISK), as the last run left it (FRESH=1 starts over)"; fi
	@bash tools/run-qemu.sh --smp $(SMP) --mem $(MEM) --kernel $(KERNEL_ELF) --disk $(RUN_DISK)

test: setup
	@just test-all

clean:
	rm -rf $(BUILD)
