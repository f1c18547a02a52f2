# The compiler, flags and link of a third-party program built from an unpacked
# upstream tree (ADR-0008), for Cairn or for the host; included by lua.mk and
# zlib.mk, which own what is compiled. Nothing here changes a program: no
# define, no include path into Cairn, no object of Cairn's but the SDK's.
#
#   CAIRN_SDK=DIR   Cairn: DIR/cairn.mk alone, as a program built outside the
#                   tree would (tools/sdk/README.md): $(CAIRN_CFLAGS) and -O2,
#                   linked by $(CAIRN_LINK)
#   (unset)         the host: $(HOSTCC) with the same language standard as the
#                   SDK's, -O2, linked with -lm
#
# The host build uses -std=c11 because CAIRN_CFLAGS does: under an ISO -std,
# GCC contracts no multiply-add into a fused one (-ffp-contract=off), so a
# floating-point result of Cairn's build and the host's can be compared.

ifdef CAIRN_SDK
include $(CAIRN_SDK)/cairn.mk
TARGET_CC := $(CAIRN_CC)
TARGET_CFLAGS := $(CAIRN_CFLAGS) -O2
TARGET_LINK = $(CAIRN_LINK)
else
HOSTCC ?= gcc
TARGET_CC := $(HOSTCC)
TARGET_CFLAGS := -std=c11 -O2
TARGET_LINK = $(TARGET_CC) $(TARGET_CFLAGS) -o $@ $^ -lm
endif

# $(O)/flags holds the compiler and flags of the objects in $(O); it changes only
# when they do, so a changed flag recompiles and an unchanged one does not.
TARGET_FLAGS_FILE := $(O)/flags
TARGET_FLAGS_NOW := $(TARGET_CC) $(TARGET_CFLAGS) $(TARGET_DEFINES)

.PHONY: target-flags-force
$(TARGET_FLAGS_FILE): target-flags-force
	@mkdir -p $(dir $@)
	@echo '$(TARGET_FLAGS_NOW)' > $@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi

# $(call target_compile,SOURCE,OBJECT): the object from the upstream source, its
# header dependencies beside it. TARGET_TREE is the unpacked tree: its stamp
# (tools/third_party.sh) is rewritten whenever the tree is, and an unpacked
# file keeps the tarball's old time, so every object depends on the stamp.
define target_compile
$(2): $(1) $(TARGET_FLAGS_FILE) $(wildcard $(TARGET_TREE)/.cairn-verified)
	@mkdir -p $$(dir $$@)
	$$(TARGET_CC) $$(TARGET_CFLAGS) $$(TARGET_DEFINES) -MMD -MP -c $$< -o $$@
-include $(2:.o=.d)
endef
