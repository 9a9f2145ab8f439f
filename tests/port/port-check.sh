#!/bin/sh
# The library reaches its host only through <ebreak/port.h>: compile every
# library source for a freestanding RV64 kernel with nothing but the
# library's own include paths (no kernel headers, no EB_PORT_INLINE_H),
# link them into one object, and check that every symbol it still needs
# is one docs/PORTING.md names: a port function declared in port.h, the
# C functions of step 1, the never-probed section's bounds, or a libgcc
# helper. Then check that every global symbol the library defines carries
# one of its prefixes (docs/PORTING.md): eb_, or Linux's name where Linux
# has the concept (bpf_, kprobe, kretprobe, arch_, riscv_, and Linux's
# kprobe API: [un]register_/enable_/disable_ kprobe, get_kretprobe), so it
# cannot collide with the host kernel's own names. Last, compile each of
# the host kernel's sources named after `--` with only the library's public
# headers (lib/include) and the kernel's own: the reference kernel uses
# the library as another kernel would. Prints
# `port-check: N passed, N failed`.
#   tests/port/port-check.sh CC OUTDIR SOURCE... [-- KERNEL_SOURCE...]
cc=$1 out=$2
shift 2
lib_srcs= kernel_srcs=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	lib_srcs="$lib_srcs $1"
	shift
done
[ $# -gt 0 ] && shift
kernel_srcs="$*"
suite=port-check
mkdir -p "$out"
rm -f "$out"/*.o
pass=0 fail=0
# compiles SRC for a freestanding RV64 kernel with FLAGS, one pass or one
# failure; a failure prints WHY and the first errors.
#   compiles WHY SRC FLAGS...
compiles() {
	why=$1 src=$2
	shift 2
	if msg=$($cc -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -O2 \
		-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
		-ffreestanding -fno-common "$@" "$src" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: $src $why:"
		echo "$msg" | head -5
	fi
}
i=0
for src in $lib_srcs; do
	i=$((i + 1))
	compiles "does not build on the port header alone" "$src" \
		-Ilib/include -Ilib \
		$(case $src in *.S) echo -D__ASSEMBLY__;; esac) -c -o "$out/$i.o"
done
${cc%gcc}ld -r -o "$out/lib.o" "$out"/[0-9]*.o
declared=$(grep -o 'eb_port_[a-z_]*(' lib/include/ebreak/port.h | tr -d '(' | sort -u)
libc="memcpy memmove memset memcmp strlen strcmp strncmp"
section="__eb_noprobe_start __eb_noprobe_end"
for sym in $(${cc%gcc}nm -u "$out/lib.o" | awk '{ print $2 }'); do
	case " $(echo $declared) $libc $section " in
	*" $sym "*) pass=$((pass + 1)); continue;;
	esac
	case $sym in
	__*[sdt]i[23] | __*di2) pass=$((pass + 1)); continue;;	# libgcc
	esac
	fail=$((fail + 1))
	echo "$suite: the library needs $sym, which no port documents"
done
for sym in $(${cc%gcc}nm -g --defined-only "$out/lib.o" | awk '{ print $3 }'); do
	case $sym in
	eb_* | bpf_* | kprobe* | kretprobe* | arch_* | riscv_* | \
	register_kprobe* | unregister_kprobe* | \
	register_kretprobe* | unregister_kretprobe* | \
	enable_kprobe | disable_kprobe | get_kretprobe*)
		pass=$((pass + 1));;
	*)
		fail=$((fail + 1))
		echo "$suite: the library exports $sym, which has no library prefix";;
	esac
done
for src in $kernel_srcs; do
	compiles "needs more of the library than lib/include" "$src" \
		-DEB_KERNEL -DEB_PORT_INLINE_H='"port_inline.h"' \
		-Ilib/include -Ikernel -fsyntax-only
done
echo "$suite: $pass passed, $fail failed"
[ $fail -eq 0 ]
