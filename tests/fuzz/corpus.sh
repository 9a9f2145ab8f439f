#!/bin/sh
# Seeds for the verifier fuzzer: each conformance program (read from
# ../shared, not copied), assembled, as a raw-mode input for the writable
# program type (byte 0 = 3) with its memory's size (byte 1); and the same
# bytes as a structured-mode input (byte 0 = 12: registers from the
# context, stack prefilled), a start for the generator.
#   tests/fuzz/corpus.sh BPF_ASM OUTDIR
set -e
asm=$1 out=$2
mkdir -p "$out"
for f in ../shared/bpf-conformance/tests/*.data; do
	name=$(basename "$f" .data)
	awk '/^-- asm/ {on = 1; next} /^--/ {on = 0} on' "$f" >"$out/.asm"
	[ -s "$out/.asm" ] || continue
	memlen=$(awk '/^-- mem/ {on = 1; next} /^--/ {on = 0} on {n += NF} END {print n % 129}' "$f")
	"$asm" -o "$out/.raw" "$out/.asm" 2>/dev/null || continue
	{ printf "\\003\\$(printf %03o "$memlen")"; cat "$out/.raw"; } >"$out/$name"
	{ printf "\\014\\100"; cat "$out/.raw"; } >"$out/$name.s"
done
rm -f "$out/.asm" "$out/.raw"
