# libvirtio: the virtio-mmio transport (version 2 layout), split virtqueues
# and virtio-blk, for the user-mode virtio drivers; included by
# userspace/userspace.mk, which names it in SERVICE_LIBS (so its headers are
# on every program's path and libvirtio.a is built for the target).
#
# The host test links every file of userspace/libvirtio/tests/: the tests by
# area and the device model they share (a register file, fake physical
# memory and a virtio-blk disk).

LIBVIRTIO_SRCS := $(sort $(wildcard userspace/libvirtio/*.c))

$(USER_BUILD)/lib/libvirtio.a: $(call user_objs,$(LIBVIRTIO_SRCS))

$(foreach src,$(LIBVIRTIO_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

TEST_VIRTIO_SRCS := $(sort $(wildcard userspace/libvirtio/tests/*.c)) $(LIBVIRTIO_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_virtio

$(HOST_BUILD)/test_virtio: $(call user_host_objs,$(TEST_VIRTIO_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(TEST_VIRTIO_SRCS)))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBVIRTIO_SRCS))
