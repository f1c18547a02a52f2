# libhosted, the hosted runtime (RFC-0020), included by userspace/userspace.mk after
# the other libraries (its headers are on the include path through SERVICE_LIBS there).
#
# libhosted.a is linked before libsvcclient, libsvc and libcairn (it calls uartd and
# says READY through them, and libcairn's start-up names its cairn_main), by the SDK
# and by the tree's hosted test programs. Its pure half (the line discipline, the
# heap's arithmetic, the output buffering, the file layer) is host-tested; the rest is
# the system's side of picolibc and runs in the guest only. Its allocator (hosted_alloc.c,
# pure, under hosted_malloc.c) takes the place of picolibc's.

# picolibc declares clock_gettime and CLOCK_MONOTONIC only for a system that says it has
# POSIX timers and a monotonic clock; the hosted runtime does, and says so to the
# programs built on it too (tools/sdk/sdk.mk puts these in CAIRN_CFLAGS).
HOSTED_CFLAGS := -D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200809L
# A hosted program links picolibc's printf and scanf with floating point; the tree's
# services keep the integer-only ones (USER_LDFLAGS).
HOSTED_LDFLAGS := $(filter-out -DPICOLIBC_INTEGER_PRINTF_SCANF,$(USER_LDFLAGS)) \
	-DPICOLIBC_DOUBLE_PRINTF_SCANF

LIBHOSTED_SRCS := $(sort $(wildcard userspace/libhosted/*.c))
LIBHOSTED_PURE_SRCS := userspace/libhosted/hosted_line.c userspace/libhosted/hosted_heap.c \
	userspace/libhosted/hosted_number.c \
	userspace/libhosted/hosted_out.c userspace/libhosted/hosted_fs.c userspace/libhosted/hosted_alloc.c
$(USER_BUILD)/lib/libhosted.a: $(call user_objs,$(LIBHOSTED_SRCS))
$(call user_objs,$(LIBHOSTED_SRCS)): USER_CFLAGS += $(HOSTED_CFLAGS)
$(foreach src,$(LIBHOSTED_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS) $(HOSTED_CFLAGS),$(src)))

TEST_HOSTED_SRCS := $(sort $(wildcard userspace/libhosted/tests/*.c)) $(LIBHOSTED_PURE_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_hosted
$(HOST_BUILD)/test_hosted: $(call user_host_objs,$(TEST_HOSTED_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_HOSTED_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBHOSTED_SRCS))
