"""tools/third_party.sh against a stand-in apt: what it derives, verifies, unpacks and patches.

The script runs for real, with a stand-in `apt-get` first on PATH that records its
arguments and the source entries it was given, and answers `source` with a tarball
made here. The lock, the apt configuration and the destination are temporary
(CAIRN_THIRD_PARTY_LOCK, CAIRN_APT_ETC, CAIRN_THIRD_PARTY_DIR).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "third_party.sh"

DEB822 = """Types: deb
URIs: http://archive.invalid/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://archive.invalid/disabled
Suites: bookworm
Components: main
Enabled: no
"""

STANDIN = """#!/bin/sh
# stand-in apt-get: records the call, and for `source` writes the tarball it was given
echo "$*" >> "$STANDIN_LOG"
for a in "$@"; do
  case "$a" in Dir::Etc::SourceParts=*) cat "${a#Dir::Etc::SourceParts=}"/* >> "$STANDIN_LOG.sources";; esac
done
case " $* " in
  *" update "*)
    [ -z "$STANDIN_FAIL_UPDATE" ] || exit 100
    # like apt, an update fails when another one is writing the same lists
    for a in "$@"; do case "$a" in Dir::State::Lists=*) lists=${a#Dir::State::Lists=};; esac; done
    mkdir "$lists/standin-busy" 2>/dev/null || { echo "E: the lists are being written" >&2; exit 100; }
    sleep "${STANDIN_UPDATE_SECONDS:-0}"
    rmdir "$lists/standin-busy"; exit 0 ;;
  *" source "*) cp $STANDIN_TARBALL . ; exit 0 ;;
esac
exit 0
"""


def make_tarball(path: Path, top: str, compression: str = "xz") -> str:
    src = path.parent / "payload" / top
    src.mkdir(parents=True)
    (src / "lib.c").write_text("int lib;\n")
    with tarfile.open(path, f"w:{compression}") as tar:
        tar.add(src, arcname=top)
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Box:
    def __init__(self, tmp: Path, sha: str | None = None, sources: str | None = DEB822,
                 compression: str = "xz") -> None:
        self.tmp = tmp
        self.bin, self.etc, self.dest = tmp / "bin", tmp / "etc", tmp / "dest"
        (self.etc / "sources.list.d").mkdir(parents=True)
        self.bin.mkdir()
        if sources is not None:
            (self.etc / "sources.list.d" / "debian.sources").write_text(sources)
        standin = self.bin / "apt-get"
        standin.write_text(STANDIN)
        standin.chmod(0o755)
        self.tarball = tmp / f"lib_1.0.orig.tar.{compression}"
        real = make_tarball(self.tarball, "lib-1.0", compression)
        self.standin = str(self.tarball)  # what the stand-in's `source` hands over
        self.lock = tmp / "lock"
        self.lock.write_text(f"# comment\nlib 1:1.0-1 {self.tarball.name} {sha or real} lib-1.0\n")
        self.log = tmp / "apt.log"

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PATH=f"{self.bin}:{os.environ['PATH']}", STANDIN_LOG=str(self.log),
                   STANDIN_TARBALL=self.standin, CAIRN_THIRD_PARTY_LOCK=str(self.lock),
                   CAIRN_APT_ETC=str(self.etc), CAIRN_THIRD_PARTY_DIR=str(self.dest), **extra)
        return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True,
                              check=False)


def test_fetches_verifies_and_unpacks_once(tmp_path: Path) -> None:
    box = Box(tmp_path)
    first = box.run("lib")
    assert first.returncode == 0, first.stderr
    assert (box.dest / "lib-1.0" / "lib.c").read_text() == "int lib;\n"
    assert "verified and unpacked" in first.stdout
    calls = box.log.read_text().splitlines()
    assert any(" update" in c for c in calls) and any("source --download-only lib=1:1.0-1" in c for c in calls)
    # a second run finds the verified tree and asks apt nothing
    before = box.log.read_text()
    assert box.run("lib").returncode == 0
    assert box.log.read_text() == before
    assert box.run("--check", "lib").returncode == 0


@pytest.mark.parametrize("compression", ["gz", "bz2"])
def test_other_compressions_unpack_alike(tmp_path: Path, compression: str) -> None:
    """Debian ships an upstream tarball as it came: lua5.4's is .tar.gz, zlib's .tar.bz2."""
    box = Box(tmp_path, compression=compression)
    done = box.run("lib")
    assert done.returncode == 0, done.stderr
    assert (box.dest / "lib-1.0" / "lib.c").read_text() == "int lib;\n"
    assert box.run("--check", "lib").returncode == 0


def test_two_fetches_at_once_take_turns(tmp_path: Path) -> None:
    """`make -j` fetches two names at once; they share the apt state, so one waits."""
    box = Box(tmp_path)
    second = tmp_path / "two" / "lib2_1.0.orig.tar.xz"
    second.parent.mkdir()
    sha2 = make_tarball(second, "lib2-1.0")
    box.lock.write_text(box.lock.read_text() + f"lib2 1.0-1 {second.name} {sha2} lib2-1.0\n")
    env = dict(os.environ, PATH=f"{box.bin}:{os.environ['PATH']}", STANDIN_LOG=str(box.log),
               STANDIN_TARBALL=f"{box.tarball} {second}", STANDIN_UPDATE_SECONDS="1",
               CAIRN_THIRD_PARTY_LOCK=str(box.lock), CAIRN_APT_ETC=str(box.etc),
               CAIRN_THIRD_PARTY_DIR=str(box.dest))
    runs = [subprocess.Popen(["bash", str(SCRIPT), name], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for name in ("lib", "lib2")]
    results = [(run.wait(timeout=60), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert (box.dest / "lib-1.0" / "lib.c").exists() and (box.dest / "lib2-1.0" / "lib.c").exists()


def test_source_entry_is_derived_from_the_machine_s_deb_entries(tmp_path: Path) -> None:
    box = Box(tmp_path)
    (box.etc / "sources.list").write_text("# old style\ndeb http://archive.invalid/old bookworm main\n")
    assert box.run("lib").returncode == 0
    given = Path(str(box.log) + ".sources").read_text()
    assert "Types: deb-src" in given and "URIs: http://archive.invalid/debian" in given
    assert "archive.invalid/disabled" not in given  # an entry switched off stays off
    assert "deb-src http://archive.invalid/old bookworm main" in given
    assert "Types: deb\n" not in given


def test_a_wrong_checksum_unpacks_nothing(tmp_path: Path) -> None:
    box = Box(tmp_path, sha="0" * 64)
    done = box.run("lib")
    assert done.returncode == 1
    assert "the lock says " + "0" * 64 in done.stderr and "not unpacked" in done.stderr
    assert not (box.dest / "lib-1.0").exists()
    assert not list(box.dest.glob(".fetch.*"))  # the temporary folder is gone too
    assert box.run("--check", "lib").returncode == 1


def test_a_changed_tree_stamp_is_fetched_again(tmp_path: Path) -> None:
    box = Box(tmp_path)
    assert box.run("lib").returncode == 0
    (box.dest / "lib-1.0" / ".cairn-verified").write_text("tampered\n")
    assert box.run("--check", "lib").returncode == 1
    assert box.run("lib").returncode == 0
    assert box.run("--check", "lib").returncode == 0


@pytest.mark.parametrize("tamper", ["edit", "remove", "add"])
def test_a_changed_tree_file_is_seen(tmp_path: Path, tamper: str) -> None:
    box = Box(tmp_path)
    assert box.run("lib").returncode == 0
    tree = box.dest / "lib-1.0"
    if tamper == "edit":
        (tree / "lib.c").write_text("int lib = 1;\n")
    elif tamper == "remove":
        (tree / "lib.c").unlink()
    else:
        (tree / "extra.c").write_text("int extra;\n")
    assert box.run("--check", "lib").returncode == 1
    assert box.run("lib").returncode == 0  # fetched and unpacked again
    assert (tree / "lib.c").read_text() == "int lib;\n"
    assert not (tree / "extra.c").exists()


@pytest.mark.parametrize("lock, says", [
    ("other 1 x.tar.xz " + "a" * 64 + " x\n", "'lib' is not in"),
    ("lib 1.0-1 lib_1.0.orig.tar.xz abc lib-1.0\n", "not 64 hex digits"),
    ("lib 1.0-1 lib_1.0.orig.tar.xz\n", "fewer than five fields"),
    ("lib 1.0-1 lib_1.0.orig.tar.xz " + "a" * 64 + " ../escape\n", "not a plain name"),
])
def test_a_bad_lock_line_is_refused(tmp_path: Path, lock: str, says: str) -> None:
    box = Box(tmp_path)
    box.lock.write_text(lock)
    done = box.run("lib")
    assert done.returncode == 1 and says in done.stderr
    assert not box.log.exists()


def test_no_deb_entry_and_a_failed_update_say_why(tmp_path: Path) -> None:
    box = Box(tmp_path, sources=None)
    done = box.run("lib")
    assert done.returncode == 1 and "no deb entry" in done.stderr
    box2 = Box(tmp_path / "two")
    done = box2.run("lib", STANDIN_FAIL_UPDATE="1")
    assert done.returncode == 1 and "apt-get update" in done.stderr
    assert not (box2.dest / "lib-1.0").exists()


def test_usage(tmp_path: Path) -> None:
    box = Box(tmp_path)
    assert box.run().returncode == 2
    helped = box.run("--help")
    assert helped.returncode == 0 and "tools/third_party.lock" in helped.stdout


# ---- Debian's patches (RFC-0021) ----

FIX_ONE = "--- a/lib.c\n+++ b/lib.c\n@@ -1 +1 @@\n-int lib;\n+int lib = 1;\n"
FIX_TWO = "--- a/lib.c\n+++ b/lib.c\n@@ -1 +1 @@\n-int lib = 1;\n+int lib = 2;\n"
PACKAGING = "--- /dev/null\n+++ b/build.mk\n@@ -0,0 +1 @@\n+libtool: yes\n"


def make_debian(path: Path) -> str:
    """A Debian tarball whose debian/patches/ holds two fixes and a packaging patch."""
    patches = path.parent / "debian-payload" / "debian" / "patches"
    patches.mkdir(parents=True)
    for name, text in (("01-packaging.patch", PACKAGING), ("02-fix-one.patch", FIX_ONE),
                       ("03-fix-two.patch", FIX_TWO)):
        (patches / name).write_text(text)
    (patches / "series").write_text("01-packaging.patch\n02-fix-one.patch\n03-fix-two.patch\n")
    with tarfile.open(path, "w:xz") as tar:
        tar.add(patches.parent, arcname="debian")
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DebianBox(Box):
    def __init__(self, tmp: Path, patches: str = "02-fix-one.patch,03-fix-two.patch",
                 debian_sha: str | None = None) -> None:
        super().__init__(tmp)
        self.debian = tmp / "lib_1.0-1.debian.tar.xz"
        self.debian_sha = make_debian(self.debian)
        self.standin = f"{self.tarball} {self.debian}"
        self.upstream_line = self.lock.read_text().splitlines()[1]
        self.set_patches(patches, debian_sha)

    def set_patches(self, patches: str, debian_sha: str | None = None) -> None:
        self.lock.write_text(f"{self.upstream_line} {self.debian.name} {debian_sha or self.debian_sha} {patches}\n")


def test_named_debian_patches_are_applied_in_order(tmp_path: Path) -> None:
    box = DebianBox(tmp_path)
    done = box.run("lib")
    assert done.returncode == 0, done.stderr
    tree = box.dest / "lib-1.0"
    assert (tree / "lib.c").read_text() == "int lib = 2;\n"  # one, then two on top of it
    assert not (tree / "build.mk").exists()  # a patch the lock does not name is not applied
    assert "applied Debian's 02-fix-one.patch" in done.stdout and "03-fix-two.patch" in done.stdout
    assert not list(tree.rglob("*.orig")) and not list(tree.rglob("*.rej"))
    before = box.log.read_text()
    assert box.run("lib").returncode == 0 and box.log.read_text() == before  # verified: apt not asked
    assert box.run("--check", "lib").returncode == 0


@pytest.mark.parametrize("patches, says", [
    ("02-fix-one.patch,04-missing.patch", "has no debian/patches/04-missing.patch"),
    ("03-fix-two.patch", "debian/patches/03-fix-two.patch does not apply to lib-1.0"),
])
def test_a_missing_or_failing_patch_unpacks_nothing(tmp_path: Path, patches: str, says: str) -> None:
    box = DebianBox(tmp_path, patches=patches)
    done = box.run("lib")
    assert done.returncode == 1 and says in done.stderr, done.stderr
    assert not (box.dest / "lib-1.0").exists()
    assert not list(box.dest.glob(".fetch.*"))


def test_a_wrong_debian_checksum_unpacks_nothing(tmp_path: Path) -> None:
    box = DebianBox(tmp_path, debian_sha="0" * 64)
    done = box.run("lib")
    assert done.returncode == 1
    assert "lib_1.0-1.debian.tar.xz has SHA-256" in done.stderr and "not unpacked" in done.stderr
    assert not (box.dest / "lib-1.0").exists()


def test_a_changed_patch_list_is_fetched_again(tmp_path: Path) -> None:
    box = DebianBox(tmp_path, patches="02-fix-one.patch")
    assert box.run("lib").returncode == 0
    assert (box.dest / "lib-1.0" / "lib.c").read_text() == "int lib = 1;\n"
    box.set_patches("02-fix-one.patch,03-fix-two.patch")
    assert box.run("--check", "lib").returncode == 1
    assert box.run("lib").returncode == 0
    assert (box.dest / "lib-1.0" / "lib.c").read_text() == "int lib = 2;\n"


@pytest.mark.parametrize("extra, says", [
    ("d.tar.xz", "names a Debian tarball without its SHA-256 and patches"),
    ("d.tar.xz " + "a" * 64, "names a Debian tarball without its SHA-256 and patches"),
    ("d.tar.xz abc p.patch", "Debian tarball's SHA-256 of 'lib'"),
    ("d.tar.xz " + "a" * 64 + " ../p.patch", "not plain names"),
    ("d.tar.xz " + "a" * 64 + " p.patch more", "more than eight fields"),
])
def test_a_bad_debian_part_of_a_lock_line_is_refused(tmp_path: Path, extra: str, says: str) -> None:
    box = Box(tmp_path)
    box.lock.write_text(f"lib 1.0-1 lib_1.0.orig.tar.xz {'a' * 64} lib-1.0 {extra}\n")
    done = box.run("lib")
    assert done.returncode == 1 and says in done.stderr, done.stderr
    assert not box.log.exists()
