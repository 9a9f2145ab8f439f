#!/bin/sh
# Seeds for the fetch-args fuzzer: one of each argument form of
# docs/kprobe_events.md, as an entry probe's (byte 0 = 0) and a return
# probe's (byte 0 = 1), each followed by a NUL and some memory.
#   tests/fuzz/fetch_args_seeds.sh OUTDIR
set -e
out=$1
mkdir -p "$out"
i=0
for arg in '%a0' 'x=%sp:u32' '%pc:symbol' '$arg3:s16' '$retval' \
	'$stack' '$stack2:x8' '@0x1000:u64' '@kmalloc+8' 'n=+8(%a1):s64' \
	'+0(+8(-16(%s0))):x32' 's=+0(%a0):string' '+u4($stack1):u8' \
	'a=%t6:x16' 'b=+0X10(%fp)' 'i=\1234' '\-0x10:s8' 't=\"text"' \
	'+0(\0x100):u32' '%ra:symstr' '+8(%a0):symstr' 'w=+0(%a0):u32[4]' \
	'c=+1(%a0):char[3]' '+8(%a1):s16[3]' 'p=+0(%a2):string[2]' \
	'+u0(%a3):ustring[2]' \
	'f=+0(%a0):b4@4/32' '%a1:b3@1/8' '+4(%a0):b8@0/16[2]' 'n' 'o:u32' \
	'o->words' 'o->names:string' 'o->count' 'o->fn:symstr'; do
	for kind in 0 1; do
		i=$((i + 1))
		{ printf "\\00$kind%s\\000" "$arg"; printf 'memory: 0123456789abcdef'; } \
			>"$out/$i"
	done
done
