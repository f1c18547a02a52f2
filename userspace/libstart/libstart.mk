# libstart, the start block's codec (RFC-0020), included by userspace/userspace.mk
# after the other service libraries (its archive is built for the target through
# SERVICE_LIBS there). Pure: init and the shell write blocks with it (through
# libcairn's start_block_vmo, which is why programs link it after libcairn), the
# hosted runtime reads them.

LIBSTART_SRCS := $(sort $(wildcard userspace/libstart/*.c))
$(USER_BUILD)/lib/libstart.a: $(call user_objs,$(LIBSTART_SRCS))
$(foreach src,$(LIBSTART_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_START_SRCS := $(sort $(wildcard userspace/libstart/tests/*.c)) $(LIBSTART_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_start
$(HOST_BUILD)/test_start: $(call user_host_objs,$(TEST_START_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_START_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBSTART_SRCS))
