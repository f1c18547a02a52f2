#!/usr/bin/env bash
# Fetches a third-party library's Debian source package, verifies it and unpacks it
# under build/third_party/ (ADR-0007). Nothing fetched is ever committed.
#
#   bash tools/third_party.sh NAME     fetch, verify and unpack NAME (tools/third_party.lock)
#   bash tools/third_party.sh --check NAME
#                                      exit 0 when NAME is unpacked and verified, else 1
#
# The source entry is derived from the machine's own apt configuration: each `deb`
# entry of CAIRN_APT_ETC (default /etc/apt) sources.list and sources.list.d/*.sources,
# turned into `deb-src`. apt runs against a private state under
# build/third_party/apt/, so the machine's own apt state is not touched. apt checks the
# tarball against the signed source index; then the SHA-256 pinned in the lock file is
# checked, and only then is the tree unpacked (into a temporary folder, moved into place
# whole), with a stamp that also holds a digest of its files. A lock line may name patches
# of the package's Debian tarball (RFC-0021): that tarball's SHA-256 is checked too, and
# the named patches are applied, in order, before the tree is moved into place. Idempotent: a tree whose
# files still match the stamp is left as it is; a changed one is fetched again. Fetches
# take turns (a lock under build/third_party/), so parallel builds can run it side by side.
set -euo pipefail

WORK=

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOCK=${CAIRN_THIRD_PARTY_LOCK:-$ROOT/tools/third_party.lock}
DEST=${CAIRN_THIRD_PARTY_DIR:-$ROOT/build/third_party}
APT_ETC=${CAIRN_APT_ETC:-/etc/apt}

die() { echo "third_party: $*" >&2; exit 1; }

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }

# The lock line of NAME: sets PKG VERSION TARBALL SHA TREE, and DEBTAR DEBSHA PATCHES
# (empty, or the Debian tarball, its SHA-256 and a comma-separated list of patch names).
read_lock() {
	local line extra
	[ -r "$LOCK" ] || die "no lock file $LOCK"
	line=$(awk -v n="$1" '$1 == n && !/^#/ {print; exit}' "$LOCK")
	[ -n "$line" ] || die "'$1' is not in $LOCK"
	read -r PKG VERSION TARBALL SHA TREE DEBTAR DEBSHA PATCHES extra <<<"$line"
	[ -n "$TREE" ] || die "the line of '$1' in $LOCK has fewer than five fields"
	[[ "$SHA" =~ ^[0-9a-f]{64}$ ]] || die "the SHA-256 of '$1' in $LOCK is not 64 hex digits"
	[[ "$TREE" =~ ^[A-Za-z0-9._+-]+$ ]] || die "the directory of '$1' in $LOCK is not a plain name"
	[ -z "$DEBTAR" ] || [ -n "$PATCHES" ] ||
		die "the line of '$1' in $LOCK names a Debian tarball without its SHA-256 and patches"
	[ -z "$extra" ] || die "the line of '$1' in $LOCK has more than eight fields"
	[ -z "$DEBSHA" ] || [[ "$DEBSHA" =~ ^[0-9a-f]{64}$ ]] ||
		die "the Debian tarball's SHA-256 of '$1' in $LOCK is not 64 hex digits"
	[[ "$PATCHES" =~ ^[A-Za-z0-9._,+-]*$ ]] || die "the patches of '$1' in $LOCK are not plain names"
}

# What the stamp says of the tree besides its digest: the tarballs and the patches applied.
stamp_head() {
	echo "$SHA $TARBALL${DEBTAR:+ $DEBSHA $DEBTAR $PATCHES}"
}

# A digest of every file of an unpacked tree but the stamp, by path: a change to any is seen.
tree_digest() {
	(cd "$1" && find . -type f ! -name .cairn-verified -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# The stamp names the tarball's checksum and the tree's digest at unpacking; both must hold.
verified() {
	local stamp
	stamp=$(cat "$DEST/$TREE/.cairn-verified" 2>/dev/null) || return 1
	[ "$stamp" = "$(stamp_head) $(tree_digest "$DEST/$TREE")" ]
}

# deb-src entries from the machine's deb entries, both formats, written to $1.
derive_sources() {
	local out=$1 f
	: >"$out"
	for f in "$APT_ETC"/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		# deb822: one entry per paragraph; keep entries whose Types has deb and that are
		# not disabled, with Types set to deb-src.
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     {
		       deb = 0; off = 0; n = split($0, ls, "\n"); body = ""
		       for (i = 1; i <= n; i++) {
		         l = ls[i]
		         if (l ~ /^Types:/) { if (l ~ /[ \t]deb([ \t]|$)/) deb = 1; l = "Types: deb-src" }
		         if (l ~ /^Enabled:[ \t]*[Nn]o/) off = 1
		         body = body l "\n"
		       }
		       if (deb && !off) printf "%s\n", body
		     }' "$f" >>"$out"
	done
	f=$APT_ETC/sources.list
	if [ -r "$f" ]; then
		# one-line format: `deb [opts] uri suite comps` becomes `deb-src ...`
		awk '/^[ \t]*deb[ \t]/ { sub(/deb/, "deb-src"); print }' "$f" >"$out.list"
	fi
	[ -s "$out" ] || [ -s "$out.list" ] || die "no deb entry in $APT_ETC to derive a source entry from"
}

# The Debian tarball in $1, checked against the lock, its patches unpacked into $1/debian.
check_debian() {
	local got
	[ -f "$1/$DEBTAR" ] || die "the source package $PKG $VERSION has no $DEBTAR"
	got=$(sha256sum "$1/$DEBTAR" | cut -d' ' -f1)
	[ "$got" = "$DEBSHA" ] || die "$DEBTAR has SHA-256 $got, the lock says $DEBSHA: not unpacked"
	tar -xf "$1/$DEBTAR" -C "$1" debian/patches || die "could not unpack debian/patches from $DEBTAR"
}

# The lock's patches, from $1/debian/patches, applied in order to the tree $2; each whole.
apply_patches() {
	local p
	command -v patch >/dev/null 2>&1 || die "patch is not installed (tools/setup.sh installs it)"
	for p in ${PATCHES//,/ }; do
		[ -f "$1/debian/patches/$p" ] || die "$DEBTAR has no debian/patches/$p"
		patch -d "$2" -p1 --forward --batch --quiet --no-backup-if-mismatch <"$1/debian/patches/$p" \
			>"$1/patch.log" 2>&1 || die "debian/patches/$p does not apply to $TREE: $(head -n 3 "$1/patch.log" | tr '\n' ' ')"
		echo "third_party: applied Debian's $p"
	done
}

fetch() {
	local apt="$DEST/apt"
	mkdir -p "$apt/etc/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/state"
	rm -f "$apt/etc/sources.list.d/"*
	derive_sources "$apt/etc/sources.list.d/derived.sources"
	[ -s "$apt/etc/sources.list.d/derived.sources" ] || rm -f "$apt/etc/sources.list.d/derived.sources"
	if [ -e "$apt/etc/sources.list.d/derived.sources.list" ]; then
		mv "$apt/etc/sources.list.d/derived.sources.list" "$apt/etc/sources.list.d/derived.list"
	fi
	local opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/etc/sources.list.d"
		-o "Dir::State=$apt/state" -o "Dir::State::Lists=$apt/lists"
		-o "Dir::State::status=/var/lib/dpkg/status" -o "Dir::Cache=$apt/cache"
		-o "APT::Sandbox::User=$(id -un)" -o "Debug::NoLocking=1" -qq)
	echo "third_party: fetching the source package $PKG $VERSION"
	apt-get "${opts[@]}" update >"$apt/update.log" 2>&1 ||
		die "apt-get update of the derived source entries failed (see $apt/update.log)"
	WORK=$(mktemp -d "$DEST/.fetch.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
	local work=$WORK
	(cd "$work" && apt-get "${opts[@]}" source --download-only "$PKG=$VERSION") >"$apt/source.log" 2>&1 ||
		die "apt-get source $PKG=$VERSION failed (see $apt/source.log)"
	[ -f "$work/$TARBALL" ] || die "the source package $PKG $VERSION has no $TARBALL"
	local got
	got=$(sha256sum "$work/$TARBALL" | cut -d' ' -f1)
	[ "$got" = "$SHA" ] || die "$TARBALL has SHA-256 $got, the lock says $SHA: not unpacked"
	[ -z "$DEBTAR" ] || check_debian "$work"
	mkdir "$work/tree"
	tar -xf "$work/$TARBALL" -C "$work/tree" || die "could not unpack $TARBALL"
	[ -d "$work/tree/$TREE" ] || die "$TARBALL does not unpack to $TREE"
	[ -z "$DEBTAR" ] || apply_patches "$work" "$work/tree/$TREE"
	echo "$(stamp_head) $(tree_digest "$work/tree/$TREE")" >"$work/tree/$TREE/.cairn-verified"
	rm -rf "${DEST:?}/$TREE"
	mv "$work/tree/$TREE" "$DEST/$TREE"
	echo "third_party: $PKG $VERSION verified and unpacked into ${DEST#"$ROOT"/}/$TREE"
}

# One fetch at a time: every name shares the apt state under $DEST/apt, and `make -j`
# runs two names' fetches at once. The lock is held until the script ends.
lock_fetches() {
	exec 9>"$DEST/.lock"
	flock 9 || die "could not lock $DEST/.lock"
}

main() {
	local check=0
	case "${1:-}" in
		-h|--help) usage; exit 0 ;;
		--check) check=1; shift ;;
		"") usage >&2; exit 2 ;;
	esac
	[ $# -eq 1 ] || { usage >&2; exit 2; }
	read_lock "$1"
	if verified; then exit 0; fi
	[ "$check" -eq 0 ] || exit 1
	command -v apt-get >/dev/null 2>&1 || die "apt-get is not installed; $PKG cannot be fetched"
	mkdir -p "$DEST"
	lock_fetches
	if verified; then exit 0; fi  # fetched by the run that held the lock before this one
	fetch
}

main "$@"
