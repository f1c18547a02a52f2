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

-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(USER_C_SRCS))
