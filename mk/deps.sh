#!/bin/sh
# Installs the Debian packages the build and the tests need, only those missing.
# Usage: mk/deps.sh  (as root; otherwise it prints the command to run)
set -e
need=""
have() { command -v "$1" >/dev/null 2>&1; }
pkg_for() { # command package
	have "$1" || need="$need $2"
}
pkg_for qemu-system-riscv64 qemu-system-misc
pkg_for riscv64-unknown-elf-gcc gcc-riscv64-unknown-elf
pkg_for qemu-riscv64 qemu-user
pkg_for riscv64-linux-gnu-gcc gcc-riscv64-linux-gnu
pkg_for clang clang
pkg_for llvm-objcopy llvm
pkg_for ld.lld lld
pkg_for valgrind valgrind
pkg_for pahole dwarves
pkg_for timeout coreutils
# headless screenshots and DOM dumps of the timeline page (make timeline)
pkg_for chromium chromium
[ -f /usr/include/bpf/bpf_helpers.h ] || need="$need libbpf-dev"
# libFuzzer's runtime, for the verifier fuzzer (tests/fuzz)
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
	need="$need libclang-rt-14-dev"
[ -f /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin ] || need="$need opensbi"
[ -d /usr/riscv64-linux-gnu/include ] || need="$need libc6-dev-riscv64-cross"
[ -n "$need" ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "ebreak: missing packages:$need" >&2
	echo "ebreak: run as root, or: sudo apt-get install -y$need" >&2
	exit 1
fi
echo "ebreak: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q $need >/dev/null
