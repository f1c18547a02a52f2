# The hostile image (RFC-0010), included by the top-level Makefile after the
# SDK's fragment.
#
# tests/hostile/Makefile builds the attack programs against $(SDK) only, as a
# user builds an outside program. Their ELF files, the test image's programs
# (the product's services under testinit, kernel/kernel.mk) and a manifest
# made of the test image's (services/manifest.txt and services/tests/
# manifest.txt) followed by tests/hostile/manifest.txt go
# into an image of their own, and that image into a test kernel,
# $(HOSTILE_KERNEL): the same objects, with the boot-image blob assembled
# against the hostile image. The gate's `hostile` profile boots it.

HOSTILE_BUILD := $(BUILD)/hostile
HOSTILE_OUT := $(HOSTILE_BUILD)/programs
HOSTILE_PROGRAMS := $(HOSTILE_OUT)/hostile.elf $(HOSTILE_OUT)/fpbuddy.elf \
	$(HOSTILE_OUT)/latency.elf $(HOSTILE_OUT)/hog.elf $(HOSTILE_OUT)/victim.elf
HOSTILE_SOURCES := $(wildcard tests/hostile/*.c tests/hostile/*.h tests/hostile/*.S) tests/hostile/Makefile
# Crafted images: well-formed programs with one thing wrong that only the kernel can see.
HOSTILE_CRAFTED := $(HOSTILE_OUT)/overlap.elf
HOSTILE_MANIFEST := $(HOSTILE_BUILD)/files/manifest.txt
HOSTILE_IMG := $(HOSTILE_BUILD)/boot.img
HOSTILE_BLOB_OBJ := $(HOSTILE_BUILD)/bootimg_blob.S.o
HOSTILE_KERNEL := $(HOSTILE_BUILD)/cairn-hostile.elf

# One sub-make builds every program; the first target carries the recipe.
$(HOSTILE_PROGRAMS) &: $(SDK_STAMP) $(HOSTILE_SOURCES)
	@mkdir -p $(HOSTILE_OUT)
	$(MAKE) --no-print-directory -C tests/hostile CAIRN_SDK=$(CURDIR)/$(SDK) \
		O=$(CURDIR)/$(HOSTILE_OUT)

# victim's data segment moved onto the bottom page of the stack the kernel maps (16 pages below CAIRN_USER_END).
$(HOSTILE_OUT)/overlap.elf: $(HOSTILE_OUT)/victim.elf tests/hostile/craft_elf.py tests/hostile/hostile.mk
	$(PYTHON) tests/hostile/craft_elf.py --segment-at 0x3effff0000 -o $@ $<

$(HOSTILE_MANIFEST): services/manifest.txt $(TEST_MANIFEST_LINES) tests/hostile/manifest.txt \
		tools/manifest.py schemas/manifest.schema.json
	@mkdir -p $(dir $@)
	cat services/manifest.txt $(TEST_MANIFEST_LINES) tests/hostile/manifest.txt > $@.unchecked
	$(PYTHON) tools/manifest.py --output $@ $@.unchecked

# The test image's programs and files, its manifest replaced by the hostile one.
HOSTILE_IMG_INPUTS = $(filter-out $(TEST_MANIFEST),$(TEST_IMG_INPUTS)) $(HOSTILE_MANIFEST) \
	$(HOSTILE_OUT)/hostile.elf $(HOSTILE_OUT)/fpbuddy.elf $(HOSTILE_OUT)/latency.elf \
	$(HOSTILE_OUT)/hog.elf $(HOSTILE_CRAFTED)

$(HOSTILE_IMG): $(MKBOOTIMG_DEPS) $$(call boot_image_paths,$$(HOSTILE_IMG_INPUTS)) $(TEST_BOOTIMG_LIST) \
		tests/hostile/hostile.mk
	$(PYTHON) tools/mkbootimg.py -o $@ $(sort $(HOSTILE_IMG_INPUTS))

$(HOSTILE_BLOB_OBJ): kernel/loader/bootimg_blob.S $(HOSTILE_IMG) | $(MARKERS_H) $(BUILD_ID_H)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -Wa,-I,$(HOSTILE_BUILD) -c $< -o $@

HOSTILE_KERNEL_OBJS := $(filter-out $(BOOTIMG_OBJ),$(KERNEL_TEST_OBJS)) $(HOSTILE_BLOB_OBJ)

$(HOSTILE_KERNEL): $(HOSTILE_KERNEL_OBJS) kernel/kernel.ld
	$(CC) $(CROSS_CFLAGS) $(KERNEL_LDFLAGS) -o $@ $(HOSTILE_KERNEL_OBJS) -lgcc

BUILD_TARGETS += $(HOSTILE_KERNEL)

# The static stage analyses the attack programs too: the SDK's compile flags with the in-tree
# headers it installs (the same files), so build/sdk need not exist when the analysers run.
HOSTILE_ANALYSED_CFLAGS := $(SDK_CFLAGS) -isystem $(PICOLIBC_INC) \
	$(addprefix -I ,$(SDK_HEADER_DIRS)) -I tests/hostile -Wall -Wextra
$(foreach src,$(wildcard tests/hostile/*.c), \
	$(call compdb_add,$(CC),$(HOSTILE_ANALYSED_CFLAGS),$(src)))
