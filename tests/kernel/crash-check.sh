#!/bin/sh
# Boots the kernel to panic on purpose (suite crash) and checks the report:
# the cause, the registers, and a backtrace naming each function on the
# stack. Prints `crash: N passed, N failed`.
#   tests/kernel/crash-check.sh QEMU-COMMAND...
out=$("$@" -append "test=crash" </dev/null 2>&1 | tr -d '\r')
pass=0 fail=0
expect() {
	if printf '%s\n' "$out" | grep -q -- "$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "crash: missing from the panic report: $1"
	fi
}
expect "panic on hart [0-9]*: kernel exception 15 at"
expect " ra [0-9a-f]\{16\}"
expect "status [0-9a-f]\{16\}  badaddr [0-9a-f]\{16\}"
expect "crash_write_to_text"
expect "crash_middle+0x"
expect "ktest_crash_store_to_text_panics_with_backtrace+0x"
expect "ktest_run+0x"
expect "kmain+0x"
printf '%s\n' "$out" | grep -q "test crash" && {
	fail=$((fail + 1)); echo "crash: the run went on after the fault"; }
[ $fail -ne 0 ] && printf '%s\n' "$out" | tail -40
echo "crash: $pass passed, $fail failed"
[ $fail -eq 0 ]
