#!/bin/sh
# A short run of one fuzzer for `make test`: a fixed seed, the given seed
# corpus, SECONDS of fuzzing. Passes when the fuzzer finds nothing (no
# sanitizer report, no crash, no timeout). The fuzzer's own summary line
# starts with NAME.
#   tests/fuzz/smoke.sh NAME FUZZER WORKDIR SECONDS SEEDS
name=$1 fuzzer=$2 work=$3 secs=$4 seeds=$5
rm -rf "$work/new"
mkdir -p "$work/new"
"$fuzzer" -seed=1 -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/new" "$seeds" >"$work/log" 2>&1
rc=$?
grep -aE "^$name:|stat::number_of_executed_units|stat::average_exec_per_sec" "$work/log"
if [ $rc -eq 0 ]; then
	echo "$name-smoke: 1 passed, 0 failed"
else
	tail -n 40 "$work/log"
	echo "$name-smoke: 0 passed, 1 failed"
fi
exit $rc
