#!/bin/bash
# Runs every suite given as NAME=COMMAND, each under a timeout, keeps its
# output in LOGDIR/NAME.log, echoes the `X: N passed, N failed[, N skipped]`
# lines it prints (and the `skipped: why` lines), and ends with the totals.
# Exits non-zero when any check failed, any command failed, or a command
# printed no result line.
#   tests/run-suites.sh LOGDIR NAME=COMMAND...
logdir=$1
shift
mkdir -p "$logdir"
total_pass=0 total_fail=0 total_skip=0 bad=""
result_re='^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?( |$)'
for arg in "$@"; do
	name=${arg%%=*}
	cmd=${arg#*=}
	log=$logdir/$name.log
	timeout -k 10 900 bash -c "$cmd" </dev/null >"$log" 2>&1
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -E "$result_re")
	if [ -n "$lines" ]; then
		echo "$lines"
		tr -d '\r' <"$log" | grep -E '^skipped: ' | sort -u
		p=$(echo "$lines" | awk '{s += $2} END {print s}')
		f=$(echo "$lines" | awk '{s += $4} END {print s}')
		k=$(echo "$lines" | awk '{s += $6} END {print s}')
		total_pass=$((total_pass + p))
		total_fail=$((total_fail + f))
		total_skip=$((total_skip + k))
	fi
	if [ $rc -ne 0 ] || [ -z "$lines" ]; then
		why="exit $rc"
		[ -z "$lines" ] && why="$why, no result line"
		echo "$name: command failed ($why): $cmd"
		echo "---- last lines of $log ----"
		tail -n 25 "$log"
		echo "----"
		bad="$bad $name"
		[ -z "$lines" ] && total_fail=$((total_fail + 1))
	fi
done
if [ "$total_skip" -gt 0 ]; then
	echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "total: $total_pass passed, $total_fail failed"
fi
[ -z "$bad" ] && [ "$total_fail" -eq 0 ]
