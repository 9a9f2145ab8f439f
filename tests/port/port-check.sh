#!/bin/sh
# The library reaches its host only through <ebreak/port.h>, and a porter
# can take it as lib/sources.mk lists it. Checks, each counted:
#  - lib/sources.mk, included by a makefile of nothing else, lists them,
#    and its include paths (EB_LIB_INCLUDES, every library object's) are
#    the library's own (lib/...: no kernel headers, no EB_PORT_INLINE_H);
#  - no two sources share a file name (a flat object folder would
#    collide), and no library file includes a path with ../ in it;
#  - every source builds with them for a freestanding RV64 kernel at -O,
#    -O2 and -Os with -Wall -Wextra -Werror, and with small build options
#    (assembly with a host's inline header of macros, port_inline_asm.h);
#  - linked into one object (at each level), every symbol it still needs
#    is one docs/PORTING.md names: a port function declared in port.h, the
#    C functions of step 1, the never-probed section's bounds or the
#    site table's (<ebreak/ftrace.h>), the error injection marks'
#    (<ebreak/error_injection.h>); no libgcc;
#  - every global symbol it defines carries one of its prefixes
#    (docs/PORTING.md): eb_, or Linux's name where Linux has the concept
#    (bpf_, kprobe, kretprobe, ftrace_, arch_, riscv_, and Linux's kprobe API:
#    [un]register_/enable_/disable_ kprobe, get_kretprobe; Linux's error
#    injection list's within_error_injection_list and
#    get_injectable_error_type), so it cannot
#    collide with the host kernel's own names;
#  - each of the host kernel's sources named after `--` compiles with only
#    the library's public headers (lib/include) and the kernel's own: the
#    reference kernel uses the library as another kernel would.
# Prints `port-check: N passed, N failed`.
#   tests/port/port-check.sh CC OUTDIR SOURCE... [-- KERNEL_SOURCE...]
cc=$1 out=$2
shift 2
lib_srcs=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	lib_srcs="$lib_srcs $1"
	shift
done
[ $# -gt 0 ] && shift
kernel_srcs="$*"
set -- $lib_srcs
suite=port-check
mkdir -p "$out"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$suite: $*"; }

# lib/sources.mk needs nothing of ebreak's makefiles: alone, it lists
# the sources this check was given, and the include paths.
sources_mk() {
	printf 'include lib/sources.mk\nall:\n\t@echo $(%s)\n' "$1" |
		env -u MAKEFLAGS -u MAKELEVEL make -s -f - 2>&1
}
alone=$(sources_mk 'EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS')
if [ "$alone" = "$*" ]; then ok; else bad "lib/sources.mk alone lists: $alone"; fi
includes=$(sources_mk EB_LIB_INCLUDES)
dups=$(for src in "$@"; do basename "$src"; done | sed 's/\.[cS]$//' | sort | uniq -d)
if [ -z "$dups" ]; then ok; else bad "sources share a file name: $dups"; fi
ups=$(grep -rn '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^">]*\.\./' lib)
if [ -z "$ups" ]; then ok; else bad "includes by a ../ path: $ups"; fi
for flag in $includes; do
	case $flag in
	-Ilib | -Ilib/*) ok;;
	*) bad "library objects get $flag, not a path of the library's";;
	esac
done

# Assembly includes the host's inline header for its macros (port.h).
asm_inline="-DEB_PORT_INLINE_H=\"$PWD/tests/port/port_inline_asm.h\""
declared=$(grep -o 'eb_port_[a-z_]*(' lib/include/ebreak/port.h | tr -d '(' | sort -u)
libc="memcpy memmove memset memcmp strlen strcmp strncmp"
# (the error injection marks' bounds are weak: optional, docs/PORTING.md)
section="__eb_noprobe_start __eb_noprobe_end __eb_ftrace_sites_start __eb_ftrace_sites_end __start_eb_error_injection __stop_eb_error_injection"
# Each optimization level, and -O2 again with every option of
# <ebreak/config.h> at a small value, as a one-hart kernel would set them.
while read -r level; do
	rm -f "$out"/*.o
	i=0
	for src in "$@"; do
		i=$((i + 1))
		if msg=$($cc -std=gnu11 -Wall -Wextra -Werror $level \
			-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
			-ffreestanding -fno-common $includes \
			$(case $src in *.S) echo -D__ASSEMBLY__ "$asm_inline";; esac) \
			-c "$src" -o "$out/$i.o" 2>&1); then
			ok
		else
			bad "$src does not build at $level on the port header alone:"
			echo "$msg" | head -5
		fi
	done
	if ! ${cc%gcc}ld -r -o "$out/lib.o" "$out"/[0-9]*.o; then
		bad "the objects at $level do not link into one"
		continue
	fi
	for sym in $(${cc%gcc}nm -u "$out/lib.o" | awk '{ print $2 }'); do
		case " $(echo $declared) $libc $section " in
		*" $sym "*) ok;;
		*) bad "the library at $level needs $sym, which no port documents";;
		esac
	done
done <<EOF
-O
-O2
-Os
-O2 -DEB_MAX_CPUS=1 -DEB_TRACE_RING_RECORDS=16 -DEB_KRETPROBE_TRAMPOLINES=64 -DEB_KPROBE_HASH_BITS=4 -DEB_KPROBE_EVENT_ARGS_MAX=2 -DEB_PORT_ALLOC_MAX=512
EOF

for sym in $(${cc%gcc}nm -g --defined-only "$out/lib.o" | awk '{ print $3 }'); do
	case $sym in
	eb_* | bpf_* | kprobe* | kretprobe* | ftrace_* | arch_* | riscv_* | \
	register_kprobe* | unregister_kprobe* | \
	register_kretprobe* | unregister_kretprobe* | \
	register_async_probe | unregister_async_probe | \
	enable_kprobe | disable_kprobe | get_kretprobe* | \
	within_error_injection_list | get_injectable_error_type)
		ok;;
	*)
		bad "the library exports $sym, which has no library prefix";;
	esac
done
for src in $kernel_srcs; do
	if msg=$($cc -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		-O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
		-ffreestanding -fno-common -DEB_KERNEL \
		-DEB_PORT_INLINE_H='"port_inline.h"' -Ilib/include -Ikernel \
		-fsyntax-only "$src" 2>&1); then
		ok
	else
		bad "$src needs more of the library than lib/include:"
		echo "$msg" | head -5
	fi
done
echo "$suite: $pass passed, $fail failed"
[ $fail -eq 0 ]
