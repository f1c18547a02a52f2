# User-space build fragment, included by the top-level Makefile after the kernel's.
#
# Builds the user runtime and the pure libraries as archives under
# $(BUILD)/user/lib, offers $(call user_program,NAME,SOURCES,LIBS) for
# services/services.mk to link each program to $(BUILD)/user/NAME.elf (added
# to BUILD_TARGETS and BOOT_PROGRAMS), and builds the libraries' host tests.
#
# C library: user programs link picolibc, as ADR-0002 decides. It gives the
# string routines GCC may call on its own (memcpy, memset for structure
# copies and clears) and vsnprintf for cairn_printf, without an OS layer
# under them; picolibc's own start-up is replaced by libcairn's crt0.S
# (-nostartfiles) and the layout by userspace/user.ld. Compiles name
# picolibc's headers with -isystem rather than --specs, because the
# compilation database feeds clang-tidy, which does not know --specs; the
# link uses the specs file for the library path and the integer-only printf.

USER_BUILD := $(BUILD)/user
# The service libraries' headers (their rules are at the end of this file);
# named here because the compile flags below are fixed when they are defined.
SERVICE_LIBS := text svcname journal policy registry manifest shell svc uart supervise virtio \
	statefs rng keys rtc start hosted
# Every protocol's C is generated from its interface file, idl/NAME.yaml, by
# tools/idlgen.py into $(IDL_GEN) (RFC-0012, ADR-0006): a header per protocol
# under include/svc/, codecs and dispatch (libsvc), client stubs (libsvcclient).
# The header directory comes first among the service libraries', and every
# user and host compile waits for the headers.
IDL_FILES := $(sort $(wildcard idl/*.yaml))
IDL_NAMES := $(patsubst idl/%.yaml,%,$(IDL_FILES))
IDL_GEN := $(GEN)/idl
IDL_HEADERS := $(patsubst %,$(IDL_GEN)/include/svc/%.h,$(IDL_NAMES))
IDL_LIB_SRCS := $(foreach n,$(IDL_NAMES),$(IDL_GEN)/$(n)_codec.c $(IDL_GEN)/$(n)_server.c)
IDL_CLIENT_SRCS := $(patsubst %,$(IDL_GEN)/client/%_client.c,$(IDL_NAMES))
IDL_OUTPUTS := $(IDL_HEADERS) $(IDL_LIB_SRCS) $(IDL_CLIENT_SRCS)
SERVICE_LIB_INCLUDES := -I $(IDL_GEN)/include $(patsubst %,-I userspace/lib%/include,$(SERVICE_LIBS))
PICOLIBC_INC := /usr/lib/picolibc/riscv64-unknown-elf/include
# BearSSL, fetched and built by its own fragment (ADR-0007).
include userspace/third_party.mk

USER_INCLUDES := -I kernel/abi -I $(GEN) -I userspace/libcairn/include \
	-I userspace/libprng/include -I userspace/libfuzz/include $(SERVICE_LIB_INCLUDES)
USER_CFLAGS := $(CROSS_CFLAGS) -isystem $(PICOLIBC_INC) -isystem $(BEARSSL_INC) $(USER_INCLUDES)
USER_LDFLAGS := --specs=picolibc.specs -DPICOLIBC_INTEGER_PRINTF_SCANF -nostartfiles \
	-static -T userspace/user.ld -Wl,--build-id=none -Wl,--gc-sections

user_objs = $(patsubst %,$(USER_BUILD)/obj/%.o,$(1))

# Library name -> C sources (and the runtime's start-up object).
LIBCAIRN_SRCS := $(sort $(wildcard userspace/libcairn/*.c))
LIBPRNG_SRCS := userspace/libprng/prng.c
LIBFUZZ_SRCS := userspace/libfuzz/fuzz.c
USER_CRT0 := $(USER_BUILD)/obj/userspace/libcairn/crt0.S.o

$(USER_BUILD)/lib/libcairn.a: $(call user_objs,$(LIBCAIRN_SRCS))
$(USER_BUILD)/lib/libprng.a: $(call user_objs,$(LIBPRNG_SRCS))
$(USER_BUILD)/lib/libfuzz.a: $(call user_objs,$(LIBFUZZ_SRCS))

$(USER_BUILD)/lib/%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^

$(foreach src,$(LIBCAIRN_SRCS) $(LIBPRNG_SRCS) $(LIBFUZZ_SRCS),\
	$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

$(USER_BUILD)/obj/%.c.o: %.c | $(MARKERS_H) $(IDL_HEADERS) $(BEARSSL_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(USER_BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

# $(call user_program,NAME,C SOURCES,LIBRARY NAMES[,INCLUDE DIRECTORIES]): link
# $(USER_BUILD)/NAME.elf from the sources, the named libraries (then libcairn
# and libstart always, last: libcairn's start_block_vmo uses libstart) and crt0. The include directories are added to the compiles of the
# sources that lie in the program's own directory (that of its first source);
# a source two programs share is compiled once and gets one database entry.
define user_program_rules
$(USER_BUILD)/$(1).elf: $(USER_CRT0) $(call user_objs,$(2)) \
		$(patsubst %,$(USER_BUILD)/lib/lib%.a,$(3) cairn start) userspace/user.ld
	$$(CC) $$(CROSS_CFLAGS) $$(USER_LDFLAGS) -o $$@ $(USER_CRT0) $(call user_objs,$(2)) \
		$(patsubst %,$(USER_BUILD)/lib/lib%.a,$(3) cairn start)
$(if $(4),$(call user_objs,$(call user_own_srcs,$(2))): USER_CFLAGS += $(addprefix -I ,$(4)))
BUILD_TARGETS += $(USER_BUILD)/$(1).elf
BOOT_PROGRAMS += $(USER_BUILD)/$(1).elf
USER_C_SRCS += $(filter-out $(USER_C_SRCS),$(2))
endef
user_own_srcs = $(filter $(dir $(firstword $(1)))%,$(1))
user_program = $(foreach src,$(filter-out $(USER_C_SRCS),$(2)),\
	$(call compdb_add,$(CC),$(USER_CFLAGS) $(if $(filter $(src),$(call user_own_srcs,$(2))),$(addprefix -I ,$(4))),$(src)))$(eval \
	$(call user_program_rules,$(1),$(2),$(3),$(4)))

# Host tests of the pure libraries (Check, ASan + UBSan), run by the host stage.
USER_HOST_CFLAGS := $(HOST_TEST_CFLAGS) -I userspace/libprng/include -I userspace/libfuzz/include \
	$(SERVICE_LIB_INCLUDES) -isystem $(BEARSSL_INC)
TEST_PRNG_SRCS := userspace/libprng/tests/test_prng.c $(LIBPRNG_SRCS)
TEST_FUZZ_SRCS := userspace/libfuzz/tests/test_fuzz.c $(LIBFUZZ_SRCS) $(LIBPRNG_SRCS)
USER_HOST_TESTS := $(HOST_BUILD)/test_prng $(HOST_BUILD)/test_fuzz
HOST_TESTS += $(USER_HOST_TESTS)

$(foreach src,$(sort $(wildcard userspace/*/tests/*.c)),\
	$(call compdb_add,$(HOSTCC),$(USER_HOST_CFLAGS),$(src)))

$(HOST_BUILD)/uobj/%.o: %.c | $(IDL_HEADERS) $(BEARSSL_STAMP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(USER_HOST_CFLAGS) -MMD -MP -c $< -o $@

user_host_objs = $(patsubst %.c,$(HOST_BUILD)/uobj/%.o,$(1))
$(HOST_BUILD)/test_prng: $(call user_host_objs,$(TEST_PRNG_SRCS))
$(HOST_BUILD)/test_fuzz: $(call user_host_objs,$(TEST_FUZZ_SRCS))

$(USER_HOST_TESTS):
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(sort $(TEST_PRNG_SRCS) $(TEST_FUZZ_SRCS))))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBCAIRN_SRCS) $(LIBPRNG_SRCS) $(LIBFUZZ_SRCS))

# The service libraries: pure, host-tested, one per daemon (libjournal for
# logd, ...), and libtext, the line writer the formats share. Each is archived for the target even before a program links it,
# so the build stage compiles it with the target's flags.
LIBTEXT_SRCS := userspace/libtext/text_writer.c
LIBJOURNAL_SRCS := userspace/libjournal/journal.c userspace/libjournal/journal_format.c \
	userspace/libjournal/ratelimit.c
LIBSVCNAME_SRCS := userspace/libsvcname/svcname.c
LIBPOLICY_SRCS := userspace/libpolicy/policy.c userspace/libpolicy/policy_audit.c \
	userspace/libpolicy/policy_badges.c
LIBREGISTRY_SRCS := userspace/libregistry/registry.c userspace/libregistry/registry_format.c
LIBMANIFEST_SRCS := userspace/libmanifest/manifest.c userspace/libmanifest/manifest_graph.c \
	userspace/libmanifest/manifest_text.c
LIBSHELL_SRCS := userspace/libshell/shell_line.c userspace/libshell/shell_cmd.c \
	userspace/libshell/shell_caps.c userspace/libshell/shell_kv.c userspace/libshell/shell_key.c \
	userspace/libshell/shell_words.c userspace/libshell/shell_run.c userspace/libshell/shell_jobs.c
LIBUART_SRCS := userspace/libuart/uart16550.c userspace/libuart/uart_ring.c \
	userspace/libuart/uart_subs.c
LIBSUPERVISE_SRCS := userspace/libsupervise/supervise.c userspace/libsupervise/supervise_report.c
SERVICE_LIB_SRCS := $(LIBTEXT_SRCS) $(LIBSVCNAME_SRCS) $(LIBJOURNAL_SRCS) $(LIBPOLICY_SRCS) $(LIBREGISTRY_SRCS) $(LIBMANIFEST_SRCS) \
	$(LIBSHELL_SRCS) $(LIBUART_SRCS) $(LIBSUPERVISE_SRCS)

$(USER_BUILD)/lib/libtext.a: $(call user_objs,$(LIBTEXT_SRCS))
$(USER_BUILD)/lib/libsvcname.a: $(call user_objs,$(LIBSVCNAME_SRCS))
$(USER_BUILD)/lib/libjournal.a: $(call user_objs,$(LIBJOURNAL_SRCS))
$(USER_BUILD)/lib/libpolicy.a: $(call user_objs,$(LIBPOLICY_SRCS))
$(USER_BUILD)/lib/libregistry.a: $(call user_objs,$(LIBREGISTRY_SRCS))
$(USER_BUILD)/lib/libmanifest.a: $(call user_objs,$(LIBMANIFEST_SRCS))
$(USER_BUILD)/lib/libshell.a: $(call user_objs,$(LIBSHELL_SRCS))
$(USER_BUILD)/lib/libuart.a: $(call user_objs,$(LIBUART_SRCS))
$(USER_BUILD)/lib/libsupervise.a: $(call user_objs,$(LIBSUPERVISE_SRCS))
BUILD_TARGETS += $(patsubst %,$(USER_BUILD)/lib/lib%.a,$(SERVICE_LIBS))

$(foreach src,$(SERVICE_LIB_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

# libjournal, libpolicy and libregistry lay their lines out with libtext;
# programs that link one of them link libtext too.
TEST_TEXT_SRCS := userspace/libtext/tests/test_text.c $(LIBTEXT_SRCS)
TEST_JOURNAL_SRCS := userspace/libjournal/tests/test_journal.c $(LIBJOURNAL_SRCS) $(LIBTEXT_SRCS)
TEST_POLICY_SRCS := userspace/libpolicy/tests/test_policy.c $(LIBPOLICY_SRCS) $(LIBSVCNAME_SRCS) \
	$(LIBTEXT_SRCS)
# libregistry, libmanifest, libpolicy and libsvc take the name rule from libsvcname.
TEST_REGISTRY_SRCS := userspace/libregistry/tests/test_registry.c $(LIBREGISTRY_SRCS) \
	$(LIBSVCNAME_SRCS) $(LIBTEXT_SRCS)
# libmanifest too (init links libmanifest and libpolicy).
TEST_MANIFEST_SRCS := userspace/libmanifest/tests/test_manifest.c $(LIBMANIFEST_SRCS) \
	$(LIBSVCNAME_SRCS)
# libshell's lines are laid out with libtext too; `run` takes the name rule from libsvcname.
LIBSHELL_DEPS := $(LIBSHELL_SRCS) $(LIBTEXT_SRCS) $(LIBSVCNAME_SRCS)
TEST_SHELL_SRCS := userspace/libshell/tests/test_shell.c $(LIBSHELL_DEPS)
TEST_SHELL_KV_SRCS := userspace/libshell/tests/test_shell_kv.c $(LIBSHELL_DEPS)
TEST_SHELL_KEY_SRCS := userspace/libshell/tests/test_shell_key.c $(LIBSHELL_DEPS)
TEST_SHELL_RUN_SRCS := userspace/libshell/tests/test_shell_run.c $(LIBSHELL_DEPS)
TEST_UART_SRCS := userspace/libuart/tests/test_uart.c $(LIBUART_SRCS)
TEST_SUPERVISE_SRCS := userspace/libsupervise/tests/test_supervise.c $(LIBSUPERVISE_SRCS) \
	$(LIBTEXT_SRCS) $(LIBSVCNAME_SRCS)
SERVICE_HOST_TESTS := $(HOST_BUILD)/test_text $(HOST_BUILD)/test_journal $(HOST_BUILD)/test_policy \
	$(HOST_BUILD)/test_registry $(HOST_BUILD)/test_manifest $(HOST_BUILD)/test_shell \
	$(HOST_BUILD)/test_shell_kv $(HOST_BUILD)/test_shell_key $(HOST_BUILD)/test_shell_run \
	$(HOST_BUILD)/test_uart $(HOST_BUILD)/test_supervise
HOST_TESTS += $(SERVICE_HOST_TESTS)

$(HOST_BUILD)/test_text: $(call user_host_objs,$(TEST_TEXT_SRCS))
$(HOST_BUILD)/test_journal: $(call user_host_objs,$(TEST_JOURNAL_SRCS))
$(HOST_BUILD)/test_policy: $(call user_host_objs,$(TEST_POLICY_SRCS))
$(HOST_BUILD)/test_registry: $(call user_host_objs,$(TEST_REGISTRY_SRCS))
$(HOST_BUILD)/test_manifest: $(call user_host_objs,$(TEST_MANIFEST_SRCS))
$(HOST_BUILD)/test_shell: $(call user_host_objs,$(TEST_SHELL_SRCS))
$(HOST_BUILD)/test_shell_kv: $(call user_host_objs,$(TEST_SHELL_KV_SRCS))
$(HOST_BUILD)/test_shell_key: $(call user_host_objs,$(TEST_SHELL_KEY_SRCS))
$(HOST_BUILD)/test_shell_run: $(call user_host_objs,$(TEST_SHELL_RUN_SRCS))
$(HOST_BUILD)/test_uart: $(call user_host_objs,$(TEST_UART_SRCS))
$(HOST_BUILD)/test_supervise: $(call user_host_objs,$(TEST_SUPERVISE_SRCS))

$(SERVICE_HOST_TESTS):
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(sort $(TEST_TEXT_SRCS) $(TEST_JOURNAL_SRCS) $(TEST_POLICY_SRCS) \
	$(TEST_REGISTRY_SRCS) $(TEST_MANIFEST_SRCS) $(TEST_SHELL_SRCS) $(TEST_SHELL_KV_SRCS) $(TEST_SHELL_KEY_SRCS) $(TEST_SHELL_RUN_SRCS) \
	$(TEST_UART_SRCS) $(TEST_SUPERVISE_SRCS))))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(SERVICE_LIB_SRCS))

# libsvc, the services' wire protocols: its own fragment (archives, host test).
include userspace/libsvc/libsvc.mk
# libvirtio, the virtio-mmio transport, queues and virtio-blk: its own fragment.
include userspace/libvirtio/libvirtio.mk
# libstatefs, the crash-consistent key-value store under statefsd: its own fragment.
include userspace/libstatefs/libstatefs.mk
# librng (rngd's health tests and DRBG) and libkeys (keystored's keys), over BearSSL.
include userspace/librng/librng.mk
include userspace/libkeys/libkeys.mk
# librtc, the real-time clock's register order and calendar (rtcd's logic).
include userspace/librtc/librtc.mk
# libstart, the start block's codec (RFC-0020).
include userspace/libstart/libstart.mk
# libhosted, the hosted runtime for programs that define main (RFC-0020).
include userspace/libhosted/libhosted.mk

# libFuzzer targets for the service libraries (run by the fuzz stage).
include userspace/fuzz.mk
