# Lua 5.4's stand-alone interpreter, `lua`, built from Debian's lua5.4 upstream
# tree as tools/third_party.sh unpacked it (ADR-0008), outside that tree and
# with no change to it. Its configuration is luaconf.h's own defaults: no
# LUA_USE_POSIX, LUA_USE_DLOPEN or LUA_USE_READLINE, nor the LUA_COMPAT_5_3 that
# upstream's Makefile adds; ISO C only, so Cairn's build and the host's are the
# same program. The objects are upstream's own lists from src/Makefile
# (CORE_O, LIB_O and LUA_O): what its `lua` links, luac not.
#
#   make -f tools/hosted/lua.mk LUA_DIR=DIR O=OBJDIR OUT=PROGRAM [CAIRN_SDK=SDK]
#
# CAIRN_SDK set builds for Cairn against that SDK alone, unset for the host
# (tools/hosted/target.mk).

ifndef LUA_DIR
$(error LUA_DIR names the unpacked lua-5.4 tree)
endif
ifndef O
$(error O names the directory for the objects)
endif
ifndef OUT
$(error OUT names the program to write)
endif

LUA_SRC := $(LUA_DIR)/src
# The object names of upstream's `lua`, read from its Makefile: CORE_O LIB_O LUA_O.
LUA_OBJ_NAMES := $(shell sed -n 's/^\(CORE_O\|LIB_O\|LUA_O\)=//p' $(LUA_SRC)/Makefile)
ifeq ($(strip $(LUA_OBJ_NAMES)),)
$(error $(LUA_SRC)/Makefile names no CORE_O, LIB_O or LUA_O objects)
endif
LUA_OBJS := $(addprefix $(O)/,$(LUA_OBJ_NAMES))

TARGET_DEFINES :=
.DEFAULT_GOAL := $(OUT)
TARGET_TREE := $(LUA_DIR)
include $(dir $(lastword $(MAKEFILE_LIST)))target.mk

$(OUT): $(LUA_OBJS)
	@mkdir -p $(dir $@)
	$(TARGET_LINK)

$(foreach o,$(LUA_OBJ_NAMES),$(eval $(call target_compile,$(LUA_SRC)/$(o:.o=.c),$(O)/$(o))))
