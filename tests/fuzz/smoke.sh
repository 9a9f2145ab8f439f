#!/bin/sh
# A short run of the verifier fuzzer for `make test`: a fixed seed, the
# conformance programs as corpus, SECONDS of fuzzing. Passes when the
# fuzzer finds nothing (no sanitizer report, no crash, no timeout).
#   tests/fuzz/smoke.sh FUZZER BPF_ASM WORKDIR SECONDS
fuzzer=$1 asm=$2 work=$3 secs=$4
rm -rf "$work/new"
mkdir -p "$work/new"
tests/fuzz/corpus.sh "$asm" "$work/seeds" || exit 1
"$fuzzer" -seed=1 -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/new" "$work/seeds" >"$work/log" 2>&1
rc=$?
grep -aE '^bpf-fuzz:|stat::number_of_executed_units|stat::average_exec_per_sec' "$work/log"
if [ $rc -eq 0 ]; then
	echo "bpf-fuzz-smoke: 1 passed, 0 failed"
else
	tail -n 40 "$work/log"
	echo "bpf-fuzz-smoke: 0 passed, 1 failed"
fi
exit $rc
