# librtc: QEMU virt's Goldfish RTC read in its order, the check of a set
# clock, and the UTC calendar (rtcd's logic, RFC-0020); included by
# userspace/userspace.mk, which names it in SERVICE_LIBS (so its header is on
# every program's path and librtc.a is built for the target).

LIBRTC_SRCS := $(sort $(wildcard userspace/librtc/*.c))

$(USER_BUILD)/lib/librtc.a: $(call user_objs,$(LIBRTC_SRCS))

$(foreach src,$(LIBRTC_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_RTC_SRCS := $(sort $(wildcard userspace/librtc/tests/*.c)) $(LIBRTC_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_rtc

$(HOST_BUILD)/test_rtc: $(call user_host_objs,$(TEST_RTC_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_RTC_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBRTC_SRCS))
