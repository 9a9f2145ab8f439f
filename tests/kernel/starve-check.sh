#!/bin/sh
# No queued task starves (issue 15): from the user shell start sleepers
# and CPU hogs in the background, leave it, and let the kernel shell sit
# at its prompt. Every sleeper must be done 4 s later (each sleeps
# 300 ms), though the hogs never stop and the boot hart only waits for
# input; `ps` lists what is left. Prints `starve: N passed, N failed`.
#   tests/kernel/starve-check.sh QEMU-COMMAND...
suite=starve
. tests/kernel/expect.sh
sleepers=24
out=$({
	sleep 3
	printf 'spin 100000 &\rspin 100000 &\rspin 100000 &\r'
	i=0
	while [ $i -lt $sleepers ]; do
		printf 'sleep 300 &\r'
		i=$((i + 1))
	done
	printf 'exit\r'
	sleep 5
	printf 'ps\rpoweroff\r'
} | "$@" 2>&1 | tr -d '\r')
started=$(printf '%s\n' "$out" | grep -c '^\[[0-9]*\] started')
if [ "$started" -eq $((sleepers + 3)) ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: $started background jobs started, not $((sleepers + 3))"
fi
expect "^ebreak> ps"
# Tasks are listed as TASK STATE HART POLLS NAME: the hogs are there,
# no sleeper is.
expect "^ *[0-9]* [a-z]* *[0-9] *[0-9]*  spin "
expect_absent "^ *[0-9]* [a-z]* *[0-9] *[0-9]*  sleep "
expect_report
