# rtcd: scaffolded by `just new-service` from idl/rtc.yaml (its protocol is `rtc`,
# the service `rtcd`); included by services/services.mk. Its program, and its host
# test of the handlers over librtc and a model of the clock's registers.
$(call user_program,rtcd,services/rtcd/main.c services/rtcd/handlers.c,rtc $(SVC_PROGRAM_LIBS))
TEST_SERVICE_RTCD_SRCS := services/rtcd/tests/test_rtcd.c services/rtcd/handlers.c \
	$(LIBRTC_SRCS) $(LIBSVC_SRCS) $(LIBSVC_DEP_SRCS)
HOST_TESTS += $(HOST_BUILD)/test_service_rtcd
$(HOST_BUILD)/test_service_rtcd: $(call user_host_objs,$(TEST_SERVICE_RTCD_SRCS))
	$(HOSTCC) $(USER_HOST_CFLAGS) -o $@ $^ $(CHECK_LIBS)
$(call compdb_add,$(HOSTCC),$(USER_HOST_CFLAGS),services/rtcd/tests/test_rtcd.c)
