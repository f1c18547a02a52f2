# libstatefs: statefsd's crash-consistent key-value store, included by
# userspace/userspace.mk after the other service libraries (its archive is
# built for the target through SERVICE_LIBS there).
#
# Host test: test_statefs links every file of userspace/libstatefs/tests/
# (the simulated disk with its power cuts, the reference model, the
# crash-point replay and the ordinary tests) with the library. The fuzz
# target (mount arbitrary disk images, then a few operations) is in
# userspace/fuzz.mk with the others.

LIBSTATEFS_SRCS := $(sort $(wildcard userspace/libstatefs/*.c))
$(USER_BUILD)/lib/libstatefs.a: $(call user_objs,$(LIBSTATEFS_SRCS))
$(foreach src,$(LIBSTATEFS_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_STATEFS_SRCS := $(sort $(wildcard userspace/libstatefs/tests/*.c)) $(LIBSTATEFS_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_statefs
$(HOST_BUILD)/test_statefs: $(call user_host_objs,$(TEST_STATEFS_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_STATEFS_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBSTATEFS_SRCS))
