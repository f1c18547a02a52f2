# zlib and two of its own test programs, built from Debian's zlib upstream
# tree as tools/third_party.sh unpacked it (ADR-0008), outside that tree and
# with no change to it: `minigzip` (test/minigzip.c, gzip and gunzip over
# files or standard input and output) and `example` (test/example.c, zlib's
# self-test, which prints what each step gave back). The library objects are
# upstream's own lists from Makefile.in (OBJZ and OBJG), linked into each
# program.
#
#   make -f tools/hosted/zlib.mk ZLIB_DIR=DIR O=OBJDIR MINIGZIP=PROGRAM EXAMPLE=PROGRAM
#        [CAIRN_SDK=SDK]
#
# CAIRN_SDK set builds for Cairn against that SDK alone, unset for the host
# (tools/hosted/target.mk). The configuration is what zlib's configure finds on
# any POSIX system and writes into zconf.h, given here as the defines it tests
# (HAVE_UNISTD_H, HAVE_STDARG_H), with _POSIX_C_SOURCE for minigzip's fileno,
# which glibc declares only when asked; the same for both targets.

ifndef ZLIB_DIR
$(error ZLIB_DIR names the unpacked zlib tree)
endif
ifndef O
$(error O names the directory for the objects)
endif
ifndef MINIGZIP
$(error MINIGZIP names the minigzip program to write)
endif
ifndef EXAMPLE
$(error EXAMPLE names the example program to write)
endif

# The library's object names, read from upstream's Makefile.in: OBJZ and OBJG.
ZLIB_OBJ_NAMES := $(shell sed -n 's/^\(OBJZ\|OBJG\) *= *//p' $(ZLIB_DIR)/Makefile.in)
ifeq ($(strip $(ZLIB_OBJ_NAMES)),)
$(error $(ZLIB_DIR)/Makefile.in names no OBJZ or OBJG objects)
endif
ZLIB_OBJS := $(addprefix $(O)/,$(ZLIB_OBJ_NAMES))

TARGET_DEFINES := -DHAVE_UNISTD_H -DHAVE_STDARG_H -D_POSIX_C_SOURCE=200809L -I $(ZLIB_DIR)
.DEFAULT_GOAL := all
TARGET_TREE := $(ZLIB_DIR)
include $(dir $(lastword $(MAKEFILE_LIST)))target.mk

.PHONY: all
all: $(MINIGZIP) $(EXAMPLE)

$(MINIGZIP): $(O)/test/minigzip.o $(ZLIB_OBJS)
	@mkdir -p $(dir $@)
	$(TARGET_LINK)

$(EXAMPLE): $(O)/test/example.o $(ZLIB_OBJS)
	@mkdir -p $(dir $@)
	$(TARGET_LINK)

$(foreach o,$(ZLIB_OBJ_NAMES) test/minigzip.o test/example.o,\
	$(eval $(call target_compile,$(ZLIB_DIR)/$(o:.o=.c),$(O)/$(o))))
