# Third-party libraries (ADR-0007): fetched as Debian source packages by
# tools/third_party.sh into build/third_party/, verified against
# tools/third_party.lock, and built here, never committed.
#
# BearSSL: the parts Cairn uses (codec, hash, mac, rand, int, ec) are archived
# twice: $(USER_BUILD)/lib/libbearssl.a for RV64 against picolibc (a program
# links it by naming `bearssl` among its libraries) and $(HOST_BUILD)/libbearssl.a
# for host tests and host tools. Its code is not Cairn's: it is compiled with its
# own flags (no -Werror) and kept out of the compilation database, so the format
# and static stages judge only Cairn's code. Cairn's sources include its headers
# from $(BEARSSL_INC) with -isystem.

THIRD_PARTY := $(BUILD)/third_party
BEARSSL_DIR := $(THIRD_PARTY)/bearssl-0.6
BEARSSL_INC := $(BEARSSL_DIR)/inc
BEARSSL_STAMP := $(BEARSSL_DIR)/.cairn-verified
BEARSSL_PARTS := codec hash mac rand int ec
# sysrng.c asks the host OS for seeds; Cairn seeds from rngd instead.
BEARSSL_SKIP := rand/sysrng.c

# A stamp is remade when the script or the lock changes: the script fetches
# again only what no longer matches; a tree that still does keeps its stamp,
# which is touched so that make sees it up to date.
$(BEARSSL_STAMP): tools/third_party.sh tools/third_party.lock
	bash tools/third_party.sh bearssl
	@touch $@

BEARSSL_FLAGS := -O2 -g -I $(BEARSSL_INC) -I $(BEARSSL_DIR)/src -DBR_USE_URANDOM=0 \
	-DBR_USE_WIN32_RAND=0 -DBR_RDRAND=0 -DBR_USE_UNIX_TIME=0 -DBR_USE_WIN32_TIME=0
BEARSSL_USER_FLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -fno-common \
	-fno-pie -fno-stack-protector -isystem $(PICOLIBC_INC) -DBR_64=1 $(BEARSSL_FLAGS)
BEARSSL_HOST_FLAGS := -fPIC $(BEARSSL_FLAGS)

# One archive per target, built in one recipe from the unpacked tree: the object
# list cannot be a prerequisite before the tree exists.
define bearssl_archive
	@bash tools/third_party.sh --check bearssl || { echo "$(BEARSSL_DIR) does not match its" \
		"stamp: run bash tools/third_party.sh bearssl" >&2; exit 1; }
	@rm -rf $(2) && mkdir -p $(2)
	@set -e; for src in $$(ls $(addsuffix /*.c,$(addprefix $(BEARSSL_DIR)/src/,$(BEARSSL_PARTS))) \
			| grep -v -F -e $(addprefix $(BEARSSL_DIR)/src/,$(BEARSSL_SKIP))); do \
		obj=$(2)/$$(echo $$src | sed 's|.*/src/||; s|/|_|g; s|\.c$$|.o|'); \
		echo "$(1) $$src"; $(1) $(3) -c $$src -o $$obj; done
	@mkdir -p $(dir $(4))
	rm -f $(4)
	$(5)ar rcs $(4) $(2)/*.o
endef

$(USER_BUILD)/lib/libbearssl.a: $(BEARSSL_STAMP) userspace/third_party.mk
	$(call bearssl_archive,$(CC),$(USER_BUILD)/bearssl,$(BEARSSL_USER_FLAGS),$@,$(CROSS))

$(HOST_BUILD)/libbearssl.a: $(BEARSSL_STAMP) userspace/third_party.mk
	$(call bearssl_archive,$(HOSTCC),$(HOST_BUILD)/bearssl,$(BEARSSL_HOST_FLAGS),$@,)

BUILD_TARGETS += $(USER_BUILD)/lib/libbearssl.a $(HOST_BUILD)/libbearssl.a

# keyverify: the host's check of a signature keystored made in the guest (RFC-0019),
# BearSSL's host build and none of the guest's code. tools/identity.py runs it.
KEYVERIFY := $(HOST_BUILD)/keyverify
KEYVERIFY_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -isystem $(BEARSSL_INC)
$(KEYVERIFY): tools/keyverify.c $(HOST_BUILD)/libbearssl.a
	$(HOSTCC) $(KEYVERIFY_CFLAGS) -o $@ $^
$(call compdb_add,$(HOSTCC),$(KEYVERIFY_CFLAGS),tools/keyverify.c)
BUILD_TARGETS += $(KEYVERIFY)

# Lua 5.4 and zlib (ADR-0008): programs, not libraries Cairn's code links. Each
# is built twice from its unpacked upstream tree by a Makefile of tools/hosted/,
# outside the tree and with no change to it: for Cairn by a sub-make that
# includes the installed SDK's cairn.mk and nothing else of Cairn's, as a
# program built outside the tree is (tools/sdk/README.md), and for the host from
# the same sources with the same configuration, to compare the two (RFC-0020).
# Their objects are not Cairn's and stay out of the compilation database.
#
#   $(LUA_ELF)        Cairn's `lua`, packed into the boot image (services/services.mk)
#   $(MINIGZIP_ELF)   zlib's test/minigzip.c, packed into the boot image
#   $(ZEXAMPLE_ELF)   zlib's test/example.c, packed into the test image as zlib-example
#   $(HOST_LUA), $(HOST_MINIGZIP), $(HOST_ZEXAMPLE)   the host's
#
# A recipe checks the tree against its stamp first, as BearSSL's does. A changed
# SDK relinks a program: its output is removed before the sub-make, which links
# it again from the objects it has.
LUA_DIR := $(THIRD_PARTY)/lua-5.4.4
LUA_STAMP := $(LUA_DIR)/.cairn-verified
ZLIB_DIR := $(THIRD_PARTY)/zlib-1.2.13.dfsg
ZLIB_STAMP := $(ZLIB_DIR)/.cairn-verified
HOSTED_BUILD := $(BUILD)/hosted
LUA_ELF := $(USER_BUILD)/lua.elf
MINIGZIP_ELF := $(USER_BUILD)/minigzip.elf
ZEXAMPLE_ELF := $(HOSTED_BUILD)/cairn/zlib-example.elf
HOST_LUA := $(HOST_BUILD)/lua
HOST_MINIGZIP := $(HOST_BUILD)/minigzip
HOST_ZEXAMPLE := $(HOST_BUILD)/zlib-example
HOSTED_MAKE := tools/hosted/target.mk

$(LUA_STAMP): tools/third_party.sh tools/third_party.lock
	bash tools/third_party.sh lua5.4
	@touch $@

$(ZLIB_STAMP): tools/third_party.sh tools/third_party.lock
	bash tools/third_party.sh zlib
	@touch $@

# $(call hosted_check,NAME,DIR): stop unless DIR still matches its stamp.
hosted_check = @bash tools/third_party.sh --check $(1) || { echo "$(2) does not match its" \
	"stamp: run bash tools/third_party.sh $(1)" >&2; exit 1; }

# The sub-makes' arguments: the tree, and for Cairn's build the SDK ($(SDK),
# tools/sdk/sdk.mk). $(MAKE) is written in each recipe, so the sub-make shares
# the job slots.
LUA_ARGS = --no-print-directory -f tools/hosted/lua.mk LUA_DIR=$(CURDIR)/$(LUA_DIR)
ZLIB_ARGS = --no-print-directory -f tools/hosted/zlib.mk ZLIB_DIR=$(CURDIR)/$(ZLIB_DIR)
HOSTED_SDK = CAIRN_SDK=$(CURDIR)/$(SDK)

$(LUA_ELF): $(LUA_STAMP) $$(SDK_STAMP) tools/hosted/lua.mk $(HOSTED_MAKE)
	$(call hosted_check,lua5.4,$(LUA_DIR))
	@rm -f $@
	$(MAKE) $(LUA_ARGS) $(HOSTED_SDK) O=$(HOSTED_BUILD)/cairn/lua OUT=$@

$(HOST_LUA): $(LUA_STAMP) tools/hosted/lua.mk $(HOSTED_MAKE)
	$(call hosted_check,lua5.4,$(LUA_DIR))
	$(MAKE) $(LUA_ARGS) HOSTCC=$(HOSTCC) O=$(HOSTED_BUILD)/host/lua OUT=$@

$(MINIGZIP_ELF) $(ZEXAMPLE_ELF) &: $(ZLIB_STAMP) $$(SDK_STAMP) tools/hosted/zlib.mk $(HOSTED_MAKE)
	$(call hosted_check,zlib,$(ZLIB_DIR))
	@rm -f $(MINIGZIP_ELF) $(ZEXAMPLE_ELF)
	$(MAKE) $(ZLIB_ARGS) $(HOSTED_SDK) O=$(HOSTED_BUILD)/cairn/zlib MINIGZIP=$(MINIGZIP_ELF) \
		EXAMPLE=$(ZEXAMPLE_ELF)

$(HOST_MINIGZIP) $(HOST_ZEXAMPLE) &: $(ZLIB_STAMP) tools/hosted/zlib.mk $(HOSTED_MAKE)
	$(call hosted_check,zlib,$(ZLIB_DIR))
	$(MAKE) $(ZLIB_ARGS) HOSTCC=$(HOSTCC) O=$(HOSTED_BUILD)/host/zlib MINIGZIP=$(HOST_MINIGZIP) \
		EXAMPLE=$(HOST_ZEXAMPLE)

BUILD_TARGETS += $(LUA_ELF) $(MINIGZIP_ELF) $(ZEXAMPLE_ELF) $(HOST_LUA) $(HOST_MINIGZIP) $(HOST_ZEXAMPLE)
