# libFuzzer targets for the service libraries' text decoders, included by
# userspace/userspace.mk after the kernel's kernel/tests/fuzz/fuzz.mk, whose
# FUZZ_BUILD, FUZZ_CC and FUZZ_BASE_CFLAGS they share. Each target links one
# file from userspace/lib<name>/fuzz/ with the library's sources; each run is
# added to FUZZ_RUNS, so `make print-fuzz-targets` names it for the fuzz stage.
#
# Seeds: the manifest and rule seeds are written out at build time from
# userspace/lib<name>/fuzz/seeds.txt, where a "%%" line ends each seed; the
# journal's are short operation scripts (see fuzz_journal.c) made by printf.

USER_FUZZ_CFLAGS := $(FUZZ_BASE_CFLAGS) -I kernel/abi $(SERVICE_LIB_INCLUDES) -I userspace/libtext/fuzz \
	-I userspace/libsvc/fuzz

FUZZ_MANIFEST_SRCS := userspace/libmanifest/fuzz/fuzz_manifest.c $(LIBMANIFEST_SRCS) \
	$(LIBSVCNAME_SRCS)
FUZZ_LINE_SRCS := userspace/libtext/fuzz/line_contract.c
FUZZ_POLICY_SRCS := userspace/libpolicy/fuzz/fuzz_policy.c $(LIBPOLICY_SRCS) $(LIBSVCNAME_SRCS) \
	$(LIBTEXT_SRCS) \
	$(FUZZ_LINE_SRCS)
FUZZ_JOURNAL_SRCS := userspace/libjournal/fuzz/fuzz_journal.c $(LIBJOURNAL_SRCS) $(LIBTEXT_SRCS) \
	$(FUZZ_LINE_SRCS)
FUZZ_STATEFS_SRCS := userspace/libstatefs/fuzz/fuzz_statefs.c $(LIBSTATEFS_SRCS)
FUZZ_NUMBER_SRCS := userspace/libhosted/fuzz/fuzz_number.c userspace/libhosted/hosted_number.c
USER_FUZZ_NAMES := manifest policy journal statefs number

FUZZ_RUNS += $(foreach n,$(USER_FUZZ_NAMES),$(FUZZ_BUILD)/fuzz_$(n):$(FUZZ_BUILD)/seeds/$(n))
fuzz-targets: $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(USER_FUZZ_NAMES)) \
	$(patsubst %,$(FUZZ_BUILD)/seeds/%.stamp,$(USER_FUZZ_NAMES))

$(foreach src,$(sort $(wildcard userspace/*/fuzz/*.c)),\
	$(call compdb_add,$(FUZZ_CC),$(USER_FUZZ_CFLAGS),$(src)))

# $(call user_fuzz_target,NAME,SOURCES): link $(FUZZ_BUILD)/fuzz_NAME.
define user_fuzz_target
$(FUZZ_BUILD)/fuzz_$(1): $(2) $$(wildcard userspace/*/include/*.h userspace/*/*.h) \
		$$(wildcard kernel/abi/cairn/abi/*.h) userspace/fuzz.mk
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(USER_FUZZ_CFLAGS) -o $$@ $(2)
endef
$(eval $(call user_fuzz_target,manifest,$(FUZZ_MANIFEST_SRCS)))
$(eval $(call user_fuzz_target,policy,$(FUZZ_POLICY_SRCS)))
$(eval $(call user_fuzz_target,journal,$(FUZZ_JOURNAL_SRCS)))
$(eval $(call user_fuzz_target,statefs,$(FUZZ_STATEFS_SRCS)))
$(eval $(call user_fuzz_target,number,$(FUZZ_NUMBER_SRCS)))

# A seed directory is replaced whole, so a dropped seed leaves no stale file.
# $(call split_seeds,SEEDS.TXT,DIR): one file in DIR for each seed of SEEDS.TXT.
split_seeds = rm -rf $(2) && mkdir -p $(2) && \
	awk -v dir=$(2) 'BEGIN { n = 1 } /^%%/ { if (out) { close(out); n++; out = "" }; next } \
		{ if (!out) out = sprintf("%s/seed-%02d", dir, n); print > out }' $(1)
$(FUZZ_BUILD)/seeds/manifest.stamp $(FUZZ_BUILD)/seeds/policy.stamp: \
		$(FUZZ_BUILD)/seeds/%.stamp: userspace/lib%/fuzz/seeds.txt
	$(call split_seeds,$<,$(basename $@))
	touch $@
# the number reader's seeds are libhosted's
$(FUZZ_BUILD)/seeds/number.stamp: userspace/libhosted/fuzz/seeds.txt
	$(call split_seeds,$<,$(basename $@))
	touch $@

# Scripts: capacity byte, then ops (0 append level len badge[8] msg, 1 tail max, 2 read max back).
$(FUZZ_BUILD)/seeds/journal.stamp: userspace/fuzz.mk
	rm -rf $(basename $@) && mkdir -p $(basename $@)
	printf '\003\000\001\005\000\000\000\000\000\000\000\003hello\001\004\002\004\003' \
		> $(basename $@)/seed-01
	printf '\001\000\002\011\000\000\000\000\000\000\000\011a\\b\nc\033d\377\000\000\000\000\000\000\000\000\000\000\002\003\005\001\002' \
		> $(basename $@)/seed-02
	touch $@

# Scripts: 1 (build a store), commits, then per commit an op count and per op a key byte
# (bit 7: delete) and a value length / 4; then patches of (offset / 2, two bytes; xor byte).
# 0 and the rest: a raw image.
$(FUZZ_BUILD)/seeds/statefs.stamp: userspace/fuzz.mk
	rm -rf $(basename $@) && mkdir -p $(basename $@)
	printf '\001\000' > $(basename $@)/seed-01
	printf '\001\006\001\001\010\002\002\040\003\200\004\001\003\377\002\002\000\001\203\000\001\004\020' \
		> $(basename $@)/seed-02
	printf '\001\040\004\001\377\002\377\003\377\004\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010\001\001\010' \
		> $(basename $@)/seed-03
	printf '\001\004\001\001\020\001\002\020\001\003\020\001\004\020\000\001\001\000\020\200\001\002\040' \
		> $(basename $@)/seed-04
	printf '\000CAIRNSFS\001\000\000\000' > $(basename $@)/seed-05
	touch $@

# The protocols' generated targets (RFC-0012): one per decoder of every
# interface file, fuzz_idl_PROTOCOL_METHOD_{request,reply}, with the seeds
# tools/idlgen.py writes beside it (a smallest valid message; for a reply also
# an error). The generator lists them in $(IDL_GEN)/fuzz.mk, which make
# remakes (and restarts) when an interface file changes. Each is a small,
# flat decoder: IDL_FUZZ_SECONDS of fuzzing each, not the stage's default.
IDL_FUZZ_SECONDS := 3
-include $(IDL_GEN)/fuzz.mk
$(IDL_GEN)/fuzz.mk: $(IDL_STAMP)
	@:
IDL_FUZZ_SRC = $(IDL_GEN)/fuzz/fuzz_$(1).c
FUZZ_RUNS += $(foreach n,$(IDL_FUZZ_NAMES),\
	$(FUZZ_BUILD)/fuzz_$(n):$(IDL_GEN)/fuzz/seeds/$(n):$(IDL_FUZZ_SECONDS))
fuzz-targets: $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(IDL_FUZZ_NAMES))

# libsvc and what it uses, compiled for the fuzzer once and archived, so each
# generated target compiles only its own file (the generated codecs are part
# of LIBSVC_SRCS; an object waits for the headers and follows their changes).
FUZZ_SVC_OBJS := $(patsubst %.c,$(FUZZ_BUILD)/svcobj/%.o,$(LIBSVC_SRCS) $(LIBSVC_DEP_SRCS))
FUZZ_SVC_LIB := $(FUZZ_BUILD)/libsvc_fuzz.a
$(FUZZ_BUILD)/svcobj/%.o: %.c userspace/fuzz.mk | $(IDL_HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(USER_FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(FUZZ_SVC_LIB): $(FUZZ_SVC_OBJS)
	rm -f $@
	ar rcs $@ $^
-include $(FUZZ_SVC_OBJS:.o=.d)

# $(call idl_fuzz_target,NAME): link $(FUZZ_BUILD)/fuzz_NAME from its generated file and the archive.
define idl_fuzz_target
$(FUZZ_BUILD)/fuzz_$(1): $(call IDL_FUZZ_SRC,$(1)) $(FUZZ_SVC_LIB) userspace/libsvc/fuzz/svc_input.h \
		$$(wildcard kernel/abi/cairn/abi/*.h) userspace/fuzz.mk | $(IDL_HEADERS)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(USER_FUZZ_CFLAGS) -o $$@ $(call IDL_FUZZ_SRC,$(1)) $(FUZZ_SVC_LIB)
endef
$(foreach n,$(IDL_FUZZ_NAMES),$(eval $(call idl_fuzz_target,$(n))))
$(foreach n,$(IDL_FUZZ_NAMES),$(call compdb_add,$(FUZZ_CC),$(USER_FUZZ_CFLAGS),$(call IDL_FUZZ_SRC,$(n))))
