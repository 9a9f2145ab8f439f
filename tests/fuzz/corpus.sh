#!/bin/sh
# Seeds for the verifier fuzzer: each conformance program (read from
# ../shared or $BPF_CONFORMANCE_DIR, not copied), assembled, as a raw-mode input for the writable
# program type (byte 0 = 3) with its memory's size (byte 1); and the same
# bytes as a structured-mode input (byte 0 = 12: registers from the
# context, stack prefilled), a start for the generator.
# Without the suite the corpus is empty (the fuzzer starts from nothing),
# and a line says so.
#   tests/fuzz/corpus.sh BPF_ASM OUTDIR
set -e
asm=$1 out=$2
dir=${BPF_CONFORMANCE_DIR:-../shared/bpf-conformance}
mkdir -p "$out"
if [ ! -d "$dir/tests" ]; then
	echo "note: no seeds: $dir/tests not found (copy tests/ of https://github.com/Alan-Jowett/bpf_conformance there, or set BPF_CONFORMANCE_DIR)"
	exit 0
fi
for f in "$dir"/tests/*.data; do
	name=$(basename "$f" .data)
	awk '/^-- asm/ {on = 1; next} /^--/ {on = 0} on' "$f" >"$out/.asm"
	[ -s "$out/.asm" ] || continue
	memlen=$(awk '/^-- mem/ {on = 1; next} /^--/ {on = 0} on {n += NF} END {print n % 129}' "$f")
	"$asm" -o "$out/.raw" "$out/.asm" 2>/dev/null || continue
	{ printf "\\003\\$(printf %03o "$memlen")"; cat "$out/.raw"; } >"$out/$name"
	{ printf "\\014\\100"; cat "$out/.raw"; } >"$out/$name.s"
done
rm -f "$out/.asm" "$out/.raw"
