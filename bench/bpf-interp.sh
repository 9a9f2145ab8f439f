#!/bin/sh
# Host instructions per eBPF instruction for each program of
# bench/bpf-interp.c: callgrind counts the instructions executed inside
# bpf_prog_run over RUNS runs, the counting build the eBPF instructions of
# one run. Then the verification time of each program.
# Usage: bench/bpf-interp.sh BUILD_DIR
set -e
bin=$1/bpf-interp
tmp=$(mktemp -d)
# A failed step (a program refused, valgrind missing) must not pass for a
# figure: say so in the bench: format; set -e has already made it fail.
trap 'rc=$?; rm -rf "$tmp"
[ $rc -eq 0 ] || echo "bench: bpf-interp = FAILED (exit $rc, message above)"' EXIT
runs=20		# RUNS in bench/bpf-interp.c
"$1/bpf-interp-count" count > "$tmp/counts"
while read -r name n; do
	valgrind --tool=callgrind --toggle-collect=bpf_prog_run \
		--callgrind-out-file="$tmp/cg.$name" "$bin" run "$name" \
		>/dev/null 2>"$tmp/log.$name" ||
		{ cat "$tmp/log.$name" >&2; exit 1; }
	ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$tmp/cg.$name")
	echo "$name $n $ir" | awk -v runs=$runs \
		'{ printf "bench: bpf_interp_%s = %.2f host-insns/op\n", $1, $3 / ($2 * runs) }'
done < "$tmp/counts"
"$bin" verify
