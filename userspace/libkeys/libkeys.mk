# libkeys, included by userspace/userspace.mk after the other service libraries (its
# archive is built for the target through SERVICE_LIBS there). It builds on
# BearSSL (ADR-0007): programs that link it name `bearssl` after it, and its host
# test links $(HOST_BUILD)/libbearssl.a.

LIBKEYS_SRCS := $(sort $(wildcard userspace/libkeys/*.c))
$(USER_BUILD)/lib/libkeys.a: $(call user_objs,$(LIBKEYS_SRCS))
$(foreach src,$(LIBKEYS_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_KEYS_SRCS := $(sort $(wildcard userspace/libkeys/tests/*.c)) $(LIBKEYS_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_keys
$(HOST_BUILD)/test_keys: $(call user_host_objs,$(TEST_KEYS_SRCS)) $(HOST_BUILD)/libbearssl.a
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_KEYS_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBKEYS_SRCS))
