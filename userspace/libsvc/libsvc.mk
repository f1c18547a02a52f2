# libsvc: the services' wire protocols, included by userspace/userspace.mk
# after the other service libraries (whose source lists it uses).
#
# Two archives:
#   libsvc.a       the pure codecs, userspace/libsvc/*.c, and each protocol's
#                  generated codec and dispatch ($(IDL_LIB_SRCS), from
#                  idl/NAME.yaml; userspace/userspace.mk names them), so a new
#                  protocol needs no edit here; host-tested by
#                  userspace/libsvc/tests/*.c and fuzzed (userspace/fuzz.mk).
#   libsvcclient.a the half that makes system calls, userspace/libsvc/client/*.c
#                  and the generated client stubs: calling helpers for clients
#                  and the server loop; cross build only. A program that links
#                  it links libsvc too.
# The codecs use libsvcname's name rule; a program linking libsvc links it as
# well. No daemon's library: logd formats and packs its own lines (libjournal).

LIBSVC_SRCS := $(sort $(wildcard userspace/libsvc/*.c)) $(IDL_LIB_SRCS)
LIBSVCCLIENT_SRCS := $(sort $(wildcard userspace/libsvc/client/*.c)) $(IDL_CLIENT_SRCS)

# The generator writes only files whose text changed, and deletes what no interface file
# generates any more; the stamp records the run. The list file changes only when the set of
# interface files does, so adding or removing one regenerates too.
IDL_STAMP := $(IDL_GEN)/.stamp
IDL_LIST := $(IDL_GEN)/.files
.PHONY: idl-list-force
$(IDL_LIST): idl-list-force
	@mkdir -p $(dir $@)
	@printf '%s\n' $(IDL_FILES) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(IDL_STAMP): $(IDL_FILES) $(IDL_LIST) tools/idlgen.py schemas/idl.schema.json \
		$(wildcard kernel/abi/cairn/abi/*.h) userspace/libsvcname/include/svcname.h
	$(PYTHON) tools/idlgen.py --out $(IDL_GEN) $(IDL_FILES)
	@touch $@
$(IDL_OUTPUTS): $(IDL_STAMP)
	@:
$(BUILD)/compile_commands.json: $(IDL_OUTPUTS)
# What the codecs need from the other service libraries, for host tests and fuzz targets.
LIBSVC_DEP_SRCS := $(LIBSVCNAME_SRCS) $(LIBTEXT_SRCS)

$(USER_BUILD)/lib/libsvc.a: $(call user_objs,$(LIBSVC_SRCS))
$(USER_BUILD)/lib/libsvcclient.a: $(call user_objs,$(LIBSVCCLIENT_SRCS))
BUILD_TARGETS += $(USER_BUILD)/lib/libsvcclient.a

$(foreach src,$(LIBSVC_SRCS) $(LIBSVCCLIENT_SRCS),$(call compdb_add,$(CC),$(USER_CFLAGS),$(src)))

# The generated conformance test (tools/idlgen.py): every decoder of every interface file
# accepts its smallest valid message and refuses each mutation of it.
IDL_TEST_SRC := $(IDL_GEN)/tests/test_idl.c
$(IDL_TEST_SRC): $(IDL_STAMP)
	@:
TEST_IDL_SRCS := $(IDL_TEST_SRC) $(LIBSVC_SRCS) $(LIBSVC_DEP_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_idl
$(HOST_BUILD)/test_idl: $(call user_host_objs,$(TEST_IDL_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)
$(call compdb_add,$(HOSTCC),$(USER_HOST_CFLAGS),$(IDL_TEST_SRC))

TEST_SVC_SRCS := $(sort $(wildcard userspace/libsvc/tests/*.c)) $(LIBSVC_SRCS) $(LIBSVC_DEP_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_svc

$(HOST_BUILD)/test_svc: $(call user_host_objs,$(TEST_SVC_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)

-include $(patsubst %.o,%.d,$(call user_host_objs,$(sort $(TEST_SVC_SRCS) $(TEST_IDL_SRCS))))
-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(LIBSVC_SRCS) $(LIBSVCCLIENT_SRCS))
