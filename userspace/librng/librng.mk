# librng, included by userspace/userspace.mk after the other service libraries (its
# archive is built for the target through SERVICE_LIBS there). It builds on
# BearSSL (ADR-0007): programs that link it name `bearssl` after it, and its host
# test links $(HOST_BUILD)/libbearssl.a.

LIBRNG_SRCS := $(sort $(wildcard userspace/librng/*.c))
$(USER_BUILD)/lib/librng.a: $(call user_objs,$(LIBRNG_SRCS))
$(foreach src,$(LIBRNG_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_RNG_SRCS := $(sort $(wildcard userspace/librng/tests/*.c)) $(LIBRNG_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_rng
$(HOST_BUILD)/test_rng: $(call user_host_objs,$(TEST_RNG_SRCS)) $(HOST_BUILD)/libbearssl.a
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_RNG_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBRNG_SRCS))
