#!/bin/sh
# Runs an in-kernel test boot (COMMAND, a QEMU command booting with
# test=...) and checks that each suite it asked for printed its result
# line: a suite that dropped out of the link (its file left out of
# KTEST_SRCS, its section discarded) would otherwise just vanish from the
# totals. Each missing one is reported as `SUITE: 0 passed, 1 failed`.
# Exits non-zero when the command failed or a suite is missing.
#   tests/kernel/ktest-check.sh "SUITE..." TAG COMMAND...  (TAG may be "")
suites=$1 tag=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
out=$(printf '%s\n' "$out" | tr -d '\r')
for s in $suites; do
	name=$s${tag:+-$tag}
	if ! printf '%s\n' "$out" |
		grep -qE "^$name: [0-9]+ passed, [0-9]+ failed"; then
		echo "missing: suite $s printed no result line (not linked in?)"
		echo "$name: 0 passed, 1 failed"
		rc=1
	fi
done
exit $rc
