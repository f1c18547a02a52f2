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

$(BEARSSL_STAMP): tools/third_party.sh tools/third_party.lock
	bash tools/third_party.sh bearssl

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
