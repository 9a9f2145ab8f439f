#!/bin/sh
# The task view from the kernel shell (nosh), as a user would: list it
# before it was ever on (nothing counted yet, not "as of tasks off"), turn it
# on, start a CPU hog (spin), a sleeper and pingpong from the user shell
# in the background, leave it, then `tasks`, `tasks -s busy`, `tasks
# lint`, `task ID` of the sleeper and of the hog, bad arguments to both,
# `tasks off`. Checks the table's format, the sort, the sleeper's await
# chain and recent polls, the hog's self-wake warning (each time slice
# ends in a yield), that no task is said to have lost its waker, and
# each bad argument's message, and run's refusal of &. Prints `tasks: N passed, N failed`.
#   tests/kernel/tasks-check.sh QEMU-COMMAND...
suite=tasks
. tests/kernel/expect.sh
out=$({
	sleep 3
	printf 'tasks\rtasks on\rsh\rspin 100000 &\rsleep 100000 &\rpingpong 100000 &\r'
	printf 'exit\r'
	sleep 4
	printf 'tasks\rtasks -s busy\rtasks lint\rtask 3\rtask 2\r'
	printf 'tasks -s bogus\rtask 999\rtask abc\rtask -1\r'
	printf 'task 99999999999999\rtask\rtasks off\rtasks\rrun spin 10 &\r'
	printf 'poweroff\r'
} | "$@" 2>&1 | tr -d '\r')
# Task 1 was the user shell (gone), 2 spin, 3 sleep, 4 and 5 pingpong.
n='[0-9][0-9]*'
t='[0-9.][0-9.]*[nmu]*s'
head="^ *ID NAME *STATE *POLLS *BUSY *IDLE *SCHED *WAKES *SELF *MIGR *HART AWAIT$"
expect "$head"
expect "^ *2 spin *[a-z]* *$n *$t *$t *$t *$n *$n *$n *$n proc_poll:$n$"
# The sleeper is polled once, unless a time slice ended (a self-wake)
# before its program reached nanosleep, as on a loaded host: each of its
# wakes is then a self-wake and the one that follows a poll.
expect "^ *3 sleep *idle *$n *$t *$t *$t *$n *$n *$n *$n proc_poll:$n$"
expect "^ *[45] pingpong .*proc_poll:$n$"
# tasks -s busy: rows by busy time, largest first.
sorted=$(printf '%s\n' "$out" | awk '
	/^ebreak> tasks -s busy$/ { on = 1; next }
	/^ebreak>/ { on = 0 }
	on && $1 ~ /^[0-9]+$/ {
		v = $5; u = v; sub(/[0-9.]+/, "", u); sub(/[nmu]*s$/, "", v)
		ns = v * (u == "s" ? 1e9 : u == "ms" ? 1e6 : u == "us" ? 1e3 : 1)
		if (rows++ && ns > last) bad = 1
		last = ns
	}
	END { print rows + 0, bad + 0 }')
if [ "$sorted" = "5 0" ] || [ "$sorted" = "4 0" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: tasks -s busy: rows, out of order: $sorted"
fi
# The hog's time slices each end in a yield, a self-wake.
expect "^warning: task 2 (spin): $n of $n wakes are self-wakes at proc_poll line $n$"
expect_absent "lost waker"
# tasks lint prints the warning and nothing else.
lint=$(printf '%s\n' "$out" | awk '/^ebreak> tasks lint$/ { on = 1; next }
	/^ebreak>/ { on = 0 } on')
if printf '%s\n' "$lint" | grep -q "^warning: task 2 (spin)" &&
   ! printf '%s\n' "$lint" | grep -qv "^warning: "; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: tasks lint printed: $lint"
fi
# task 3: the sleeper, with its await chain down to the timer.
expect "^task 3 (sleep): idle, $n polls, busy $t, idle $t, scheduled $t, $n wakes ($n self), $n migrations, last hart $n, 1 wakers registered$"
sleeper=$(printf '%s\n' "$out" | sed -n 's/^task 3 (sleep): idle, \([0-9]*\) polls, .*, \([0-9]*\) wakes (\([0-9]*\) self).*/\1 \2 \3/p')
if printf '%s\n' "$sleeper" | awk '{ exit !($1 == $2 + 1 && $2 == $3) }'; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "$suite: the sleeper's polls, wakes and self-wakes: $sleeper"
fi
expect "^await chain:$"
expect "^  proc_poll:$n$"
expect "^  sys_nanosleep:$n$"
expect "^  sleep_poll:$n$"	# the line where the leaf waits (EB_LEAF_PENDING)
expect "^recent polls (oldest first):$"
expect "^  hart $n  start $n\.[0-9]\{6\}s  took $t$"
# task 2: the hog, polled now or soon.
expect "^task 2 (spin): [a-z]*, $n polls, busy $t"
expect "^usage: tasks "
expect "^no task 999 (see tasks)$"
expect "^task: 'abc' is not a task id (see tasks)$"
expect "^task: '-1' is not a task id (see tasks)$"
expect "^no task 99999999999999 (see tasks)$"
expect "^usage: task ID (see tasks)$"
expect "^task view off: counts as of tasks off (tasks on starts them over)$"
# Before any tasks on there is no tasks off to speak of.
expect "^task view off: nothing counted yet (tasks on starts counting)$"
expect_count 1 "^task view off: counts as of" "tasks off notes"
# & is the user shell's: the kernel shell's run refuses it rather than
# running the job in the foreground.
expect "^run: & runs a job in the background only in sh; run waits for its program$"
expect_report
