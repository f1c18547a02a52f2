# Services build fragment, included by the top-level Makefile after
# userspace/userspace.mk, whose user_program function does the work: each
# program below links to $(BUILD)/user/NAME.elf, joins BUILD_TARGETS and
# BOOT_PROGRAMS (packed into the boot image by file name: init, badstore, ...),
# and gets compilation-database entries for its sources.
#
#   $(call user_program,NAME,C SOURCES,EXTRA LIBRARIES)

$(call user_program,init,$(sort $(wildcard services/init/*.c)),)
$(call user_program,badstore,services/tests/badstore/main.c,)
$(call user_program,badjump,services/tests/badjump/main.c,)
$(call user_program,spinner,services/tests/spinner/main.c,)
$(call user_program,sysfuzz,services/tests/sysfuzz/main.c,fuzz prng)

# The service graph's core services (libsvc's protocols over the service
# libraries); policyd's rules file is packed as the boot-image file `policy`.
SVC_PROGRAM_LIBS := svcclient svc registry journal policy text
$(call user_program,logd,services/logd/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,policyd,services/policyd/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,samgrd,services/samgrd/main.c,$(SVC_PROGRAM_LIBS))
BOOT_PROGRAMS += services/policyd/policy.rules

-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(USER_C_SRCS))
