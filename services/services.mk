# Services build fragment, included by the top-level Makefile after
# userspace/userspace.mk, whose user_program function does the work: each
# program below links to $(BUILD)/user/NAME.elf, joins BUILD_TARGETS and
# BOOT_PROGRAMS (packed into the boot image by file name: init, badstore, ...),
# and gets compilation-database entries for its sources.
#
#   $(call user_program,NAME,C SOURCES,EXTRA LIBRARIES[,INCLUDE DIRECTORIES])
#
# The test programs go into the test boot image only (TEST_PROGRAMS, at the
# end): testinit, packed there as `init`, and the programs its proofs start.

$(call user_program,badstore,services/tests/badstore/main.c,)
$(call user_program,badjump,services/tests/badjump/main.c,)
$(call user_program,spinner,services/tests/spinner/main.c,)
$(call user_program,sysfuzz,services/tests/sysfuzz/main.c,fuzz prng)

# The service graph's core services (libsvc's protocols over the service
# libraries).
SVC_PROGRAM_LIBS := svcclient svc registry journal policy svcname text
$(call user_program,logd,services/logd/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,policyd,services/policyd/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,samgrd,services/samgrd/main.c,$(SVC_PROGRAM_LIBS))

# Services scaffolded by `just new-service NAME` (tools/new_service.py): each
# brings its own fragment, its program and its host test.
include $(sort $(wildcard services/*/service.mk))

# init: the service graph of the boot manifest and its supervisor. testinit:
# the same objects with the proofs around them (the kernel proofs, the graph
# proofs with their test programs, the probes), and its own main.c.
INIT_SRCS := $(sort $(wildcard services/init/*.c))
TESTINIT_SRCS := $(sort $(wildcard services/testinit/*.c)) $(filter-out services/init/main.c,$(INIT_SRCS))
$(call user_program,init,$(INIT_SRCS),supervise manifest $(SVC_PROGRAM_LIBS))
$(call user_program,testinit,$(TESTINIT_SRCS),supervise manifest $(SVC_PROGRAM_LIBS),services/init)
$(call user_program,badgeprobe,services/tests/badgeprobe/main.c,)
$(call user_program,lookupprobe,services/tests/lookupprobe/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,holdprobe,services/tests/holdprobe/main.c,)
$(call user_program,sinkprobe,services/tests/sinkprobe/main.c,)
$(call user_program,callprobe,services/tests/callprobe/main.c,)
$(call user_program,crashloop,services/tests/crashloop/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,blkbench,services/tests/blkbench/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,keyprobe,services/tests/keyprobe/main.c,$(SVC_PROGRAM_LIBS))
$(call user_program,keybench,services/tests/keybench/main.c,keys bearssl)
$(call user_program,rtcprobe,services/tests/rtcprobe/main.c,rtc $(SVC_PROGRAM_LIBS))
# A hosted program (RFC-0020): main, stdio, the heap and TLS from libhosted, which
# comes before the client stack it calls through.
HOSTED_PROGRAM_LIBS := hosted svcclient svc svcname text
$(call user_program,hostedprobe,services/tests/hostedprobe/main.c,$(HOSTED_PROGRAM_LIBS))
$(call user_objs,services/tests/hostedprobe/main.c): USER_CFLAGS += $(HOSTED_CFLAGS)
$(USER_BUILD)/hostedprobe.elf: USER_LDFLAGS := $(HOSTED_LDFLAGS)
# filesprobe is a hosted program (RFC-0020): libhosted comes before the client stack it calls.
$(call user_program,filesprobe,services/tests/filesprobe/main.c,hosted svcclient svc svcname text)
$(call user_objs,services/tests/filesprobe/main.c): USER_CFLAGS += $(HOSTED_CFLAGS)
$(USER_BUILD)/filesprobe.elf: USER_LDFLAGS := $(HOSTED_LDFLAGS)
$(call user_program,runprobe,services/tests/runprobe/main.c,$(SVC_PROGRAM_LIBS))

# The console's driver and the shell over it (libuart, libshell).
$(call user_program,uartd,$(sort $(wildcard services/uartd/*.c)),uart $(SVC_PROGRAM_LIBS))
$(call user_program,blkd,$(sort $(wildcard services/blkd/*.c)),virtio $(SVC_PROGRAM_LIBS))
$(call user_program,statefsd,$(sort $(wildcard services/statefsd/*.c)),statefs $(SVC_PROGRAM_LIBS))
$(call user_program,rngd,$(sort $(wildcard services/rngd/*.c)),rng virtio bearssl $(SVC_PROGRAM_LIBS))
$(call user_program,keystored,$(sort $(wildcard services/keystored/*.c)),keys bearssl $(SVC_PROGRAM_LIBS))
$(call user_program,shell,$(sort $(wildcard services/shell/*.c)),shell supervise rtc $(SVC_PROGRAM_LIBS))

# Third-party programs built against the SDK (userspace/third_party.mk, ADR-0008):
# Lua's interpreter and zlib's minigzip in the product's image, started by name
# (no manifest line: nothing starts them at boot), and zlib's self-test,
# zlib-example, in the test image only.
BOOT_PROGRAMS += $(LUA_ELF) $(MINIGZIP_ELF)
TEST_BOOT_PROGRAMS += $(ZEXAMPLE_ELF)
# The Lua scripts tools/hosted.py runs in the guest and on the host (RFC-0020's proof), in the
# test image only, each under its file name: `run lua /boot/fp.lua` reads it from there.
HOSTED_LUA_SCRIPTS := $(sort $(wildcard tools/hosted/lua/*.lua))
TEST_BOOT_PROGRAMS += $(foreach f,$(HOSTED_LUA_SCRIPTS),$(notdir $(f))=$(f))

# `notices`: the licence notices of the code the images carry and Cairn did not write
# (TASK-0084), taken from the verified trees (ADR-0007, ADR-0008) and from the picolibc
# package's copyright file, so that every copy of an image carries them. A hosted program
# reads it as /boot/notices.
BOOT_NOTICES := $(BUILD)/bootimg/files/notices.txt
PICOLIBC_COPYRIGHT := /usr/share/doc/picolibc-riscv64-unknown-elf/copyright
notice_head = printf '%s\n%s\n\n' '==== $(1)' '$(2)'
$(BOOT_NOTICES): $(BEARSSL_STAMP) $(LUA_STAMP) $(ZLIB_STAMP) services/services.mk
	@test -r $(PICOLIBC_COPYRIGHT) || { echo "$(PICOLIBC_COPYRIGHT) is missing:" \
		"reinstall picolibc-riscv64-unknown-elf (tools/setup.sh)"; exit 1; }
	@mkdir -p $(dir $@)
	{ printf '%s\n\n' 'Notices of the code in this image that Cairn did not write.'; \
	  $(call notice_head,BearSSL 0.6,linked into rngd and keystored; its LICENSE.txt); \
	  cat $(BEARSSL_DIR)/LICENSE.txt; echo; \
	  $(call notice_head,Lua 5.4.4,the program lua; the notice at the end of its src/lua.h); \
	  sed -n '/^\/\*\*\*\*\*/,/^\*\*\*\*\*/p' $(LUA_DIR)/src/lua.h; echo; \
	  $(call notice_head,zlib 1.2.13,in the programs lua and minigzip; its LICENSE); \
	  cat $(ZLIB_DIR)/LICENSE; echo; \
	  $(call notice_head,picolibc,the C library of every user program; the copyright file of its Debian package); \
	  cat $(PICOLIBC_COPYRIGHT); } > $@.tmp
	@grep -q 'Copyright (C) 1994-2022 Lua.org' $@.tmp || { echo "$@: no Lua notice found"; exit 1; }
	mv $@.tmp $@

# Text files packed into the boot image beside the programs, each under its
# file name without the extension: `manifest`, init's boot manifest, and
# `policy`, policyd's rules. The manifest is packed from a copy that
# tools/manifest.py writes only once the manifest passed its checks (and its
# vocabulary agrees with libmanifest's), so a bad manifest fails the build.
BOOT_MANIFEST := $(BUILD)/bootimg/files/manifest.txt
BOOT_FILES := $(BOOT_MANIFEST) services/policyd/policy.rules $(BOOT_NOTICES)
BOOT_PROGRAMS += $(BOOT_FILES)

$(BOOT_MANIFEST): services/manifest.txt tools/manifest.py schemas/manifest.schema.json \
		userspace/libmanifest/include/manifest.h
	$(PYTHON) tools/manifest.py --output $@ services/manifest.txt

# Each product service's handle order, generated from its manifest line: services/NAME/
# includes "services/NAME_handles.h" (enum NAME_handle: H_SELF, H_SUPERVISOR, then
# handles= in order), so the manifest is the one source of it.
MANIFEST_SERVICES := logd policyd samgrd uartd blkd statefsd rngd keystored rtcd shell
SERVICE_HANDLES := $(patsubst %,$(GEN)/services/%_handles.h,$(MANIFEST_SERVICES))

$(SERVICE_HANDLES) &: services/manifest.txt tools/manifest.py schemas/manifest.schema.json \
		userspace/libmanifest/include/manifest.h
	$(PYTHON) tools/manifest.py --handles-dir $(GEN)/services services/manifest.txt

$(call user_objs,$(foreach s,$(MANIFEST_SERVICES),$(wildcard services/$(s)/*.c))): | $(SERVICE_HANDLES)
$(BUILD)/compile_commands.json: $(SERVICE_HANDLES)

# The test image's manifest: the product's, then the test services' lines, checked like it.
TEST_MANIFEST_LINES := services/tests/manifest.txt
TEST_MANIFEST := $(BUILD)/test/files/manifest.txt

$(TEST_MANIFEST): services/manifest.txt $(TEST_MANIFEST_LINES) tools/manifest.py \
		schemas/manifest.schema.json userspace/libmanifest/include/manifest.h
	@mkdir -p $(dir $@)
	cat services/manifest.txt $(TEST_MANIFEST_LINES) > $@.unchecked
	$(PYTHON) tools/manifest.py --output $@ $@.unchecked

# Out of the product's image, into the test image (kernel/kernel.mk).
TEST_PROGRAMS := badstore badjump spinner sysfuzz badgeprobe lookupprobe holdprobe sinkprobe \
	callprobe crashloop blkbench keyprobe keybench rtcprobe hostedprobe filesprobe runprobe
BOOT_PROGRAMS := $(filter-out $(patsubst %,$(USER_BUILD)/%.elf,testinit $(TEST_PROGRAMS)),$(BOOT_PROGRAMS))
TEST_BOOT_PROGRAMS += init=$(USER_BUILD)/testinit.elf $(patsubst %,$(USER_BUILD)/%.elf,$(TEST_PROGRAMS)) \
	$(TEST_MANIFEST)

-include $(patsubst %,$(USER_BUILD)/obj/%.d,$(USER_C_SRCS))
