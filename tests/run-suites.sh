#!/bin/bash
# Runs every suite given as NAME=COMMAND, each under a timeout, keeps its
# output in LOGDIR/NAME.log, echoes the `X: N passed, N failed` lines it
# prints, and ends with the totals. Exits non-zero when any check failed,
# any command failed, or a command printed no result line.
#   tests/run-suites.sh LOGDIR NAME=COMMAND...
logdir=$1
shift
mkdir -p "$logdir"
total_pass=0 total_fail=0 bad=""
result_re='^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed'
for arg in "$@"; do
	name=${arg%%=*}
	cmd=${arg#*=}
	log=$logdir/$name.log
	timeout -k 10 900 bash -c "$cmd" </dev/null >"$log" 2>&1
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -E "$result_re")
	if [ -n "$lines" ]; then
		echo "$lines"
		p=$(echo "$lines" | awk '{s += $2} END {print s}')
		f=$(echo "$lines" | awk '{s += $4} END {print s}')
		total_pass=$((total_pass + p))
		total_fail=$((total_fail + f))
	fi
	if [ $rc -ne 0 ] || [ -z "$lines" ]; then
		echo "$name: command failed (exit $rc${lines:+}${lines:-, no result line}): $cmd"
		echo "---- last lines of $log ----"
		tail -n 25 "$log"
		echo "----"
		bad="$bad $name"
		[ -z "$lines" ] && total_fail=$((total_fail + 1))
	fi
done
echo "total: $total_pass passed, $total_fail failed"
[ -z "$bad" ] && [ "$total_fail" -eq 0 ]
