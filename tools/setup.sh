#!/usr/bin/env bash
# Cairn set-up: installs what the build, the gate and QEMU need on Debian 12, then
# installs the git hooks. Idempotent: when everything is present it only checks
# and returns in about a second. Needs root (or sudo) only when something is missing.
#
#   bash tools/setup.sh          check, install what is missing, install hooks
#   bash tools/setup.sh --check  check only; exit 1 and name what is missing
#
# CAIRN_SETUP_BINDIR (default /usr/local/bin) is where just is installed; the tests
# of this script (gates/tests/test_setup.py) point it into a temporary folder.
set -euo pipefail

# Debian packages, each for a stated use.
PACKAGES=(
	qemu-system-misc              # qemu-system-riscv64: boots the OS
	opensbi                       # the SBI firmware QEMU starts the kernel from
	gcc-riscv64-unknown-elf       # the cross compiler (ADR-0001)
	picolibc-riscv64-unknown-elf  # the C library for user programs (ADR-0002)
	binutils-riscv64-unknown-elf  # cross assembler, linker, objcopy, size
	gcc make pkg-config git       # host build
	check                         # host unit tests
	libfdt-dev device-tree-compiler  # device-tree parser tests against libfdt
	python3 python3-jsonschema python3-yaml python3-pytest  # the gate runner (ADR-0003)
	pre-commit                    # the commit hooks
	clang-format clang-tidy cppcheck  # format and static stages
	clang libclang-rt-14-dev      # fuzz stage: clang's libFuzzer and sanitizer runtimes
	gdb-multiarch                 # just debug
	xz-utils bzip2                # unpack the third-party source tarballs (ADR-0007, ADR-0008)
	patch                         # Debian's security patches for them (RFC-0021)
	ca-certificates
)
JUST_VERSION=1.58.0
BINDIR=${CAIRN_SETUP_BINDIR:-/usr/local/bin}

want_check_only=0
case "${1:-}" in
	--check) want_check_only=1 ;;
	-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	"") ;;
	*) echo "setup: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else echo "setup: need root to run: $*" >&2; exit 1
	fi
}

missing_packages() {
	local names=() p
	for p in "${PACKAGES[@]}"; do names+=("$p"); done
	# dpkg-query prints one status per known package; unknown ones go to stderr.
	local installed
	# It exits non-zero when any name is unknown; that is the case being asked about.
	installed=$( (dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${names[@]}" 2>/dev/null || true) \
		| awk '$2 ~ /^ii/ {print $1}')
	# One awk for the whole list, not a grep per package: the warm `make test` runs this.
	printf '%s\n' "${names[@]}" | awk 'NR == FNR { if ($0 != "") ok[$0] = 1; next } !($0 in ok)' \
		<(printf '%s\n' "$installed") -
}

# npm is only the courier: the package carries a static just binary that runs
# without Node. Debian 12 has no just package.
just_package() {
	case "$(uname -m)" in
		x86_64) echo rust-just-linux-x64 ;;
		aarch64) echo rust-just-linux-arm64 ;;
		*) echo "setup: no just binary package for $(uname -m)" >&2; exit 1 ;;
	esac
}

have_just() {
	command -v just >/dev/null 2>&1 && [ "$(just --version 2>/dev/null)" = "just $JUST_VERSION" ]
}

# Installs just into $BINDIR; on failure says which step failed and returns non-zero.
install_just() {
	local tmp pkg rc=0
	pkg=$(just_package) || return 1
	tmp=$(mktemp -d)
	echo "setup: installing just $JUST_VERSION from the npm package $pkg"
	# No RETURN trap: it is not local to this function and would fire again when
	# main returns, where tmp is unset. Each step's status is kept, then the folder
	# is removed either way.
	(cd "$tmp" && npm pack --silent "$pkg@$JUST_VERSION" >/dev/null) || {
		rc=$?
		echo "setup: npm pack $pkg@$JUST_VERSION failed (exit $rc); just is not installed" >&2
	}
	if [ "$rc" -eq 0 ]; then
		(cd "$tmp" && tar xzf ./*.tgz && as_root install -m 0755 package/bin/just "$BINDIR/just") || {
			rc=$?
			echo "setup: could not unpack $pkg or install just into $BINDIR (exit $rc)" >&2
		}
	fi
	rm -rf "$tmp"
	return "$rc"
}

hooks_installed() {
	local d
	d=$(git rev-parse --git-path hooks 2>/dev/null) || return 0  # not a checkout: nothing to do
	grep -qs pre-commit "$d/pre-commit" && grep -qs pre-commit "$d/commit-msg"
}

main() {
	cd "$(dirname "$0")/.."
	mapfile -t missing < <(missing_packages)
	if [ "$want_check_only" -eq 1 ]; then
		local bad=0
		[ "${#missing[@]}" -eq 0 ] || { echo "setup: missing packages: ${missing[*]}"; bad=1; }
		have_just || { echo "setup: just $JUST_VERSION is not installed"; bad=1; }
		hooks_installed || { echo "setup: git hooks are not installed"; bad=1; }
		[ "$bad" -eq 0 ] && echo "setup: everything is present"
		return "$bad"
	fi
	if [ "${#missing[@]}" -gt 0 ]; then
		echo "setup: installing ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"${missing[@]}" >/dev/null
	fi
	if ! have_just; then
		# Debian's npm only when no npm is present: an npm that came with another
		# Node install must not be replaced.
		command -v npm >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends npm >/dev/null
		install_just || exit 1
		have_just || {
			echo "setup: just was installed into $BINDIR but 'just --version' does not say" \
				"just $JUST_VERSION; is $BINDIR on PATH?" >&2
			exit 1
		}
	fi
	if ! hooks_installed; then
		echo "setup: installing the pre-commit and commit-msg hooks"
		pre-commit install --hook-type pre-commit --hook-type commit-msg >/dev/null
	fi
}

main
