#!/bin/sh
# Boots the kernel to panic on purpose (suite crash) and checks the report:
# the cause, the registers, and a backtrace naming each function on the
# stack. Prints `crash: N passed, N failed`.
#   tests/kernel/crash-check.sh QEMU-COMMAND...
out=$("$@" -append "test=crash" </dev/null 2>&1 | tr -d '\r')
suite=crash
. tests/kernel/expect.sh
expect "panic on hart [0-9]*: kernel exception 15 at"
expect " ra [0-9a-f]\{16\}"
expect "status [0-9a-f]\{16\}  badaddr [0-9a-f]\{16\}"
expect "crash_write_to_text"
expect "crash_middle+0x"
expect "ktest_crash_store_to_text_panics_with_backtrace+0x"
expect "ktest_run+0x"
expect "kmain+0x"
expect_absent "^test crash"	# the run must end at the fault
expect_report
