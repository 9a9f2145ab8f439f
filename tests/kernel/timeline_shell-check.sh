#!/bin/sh
# The kernel shell's timeline command (nosh), its errors above all: its
# status, a dump or a stop before any recording, RECORDS of 0, not a number and too many, a
# second start, a dump while recording; then a small recording stopped
# and dumped. Prints `timeline-shell: N passed, N failed`.
#   tests/kernel/timeline_shell-check.sh QEMU-COMMAND...
suite=timeline-shell
. tests/kernel/expect.sh
session='timeline
timeline dump
timeline stop
timeline start 0
timeline start abc
timeline start 999999999
timeline start 16
timeline start
timeline dump
timeline stop
timeline dump
timeline bogus
poweroff
'
type_session "$@"
n='[0-9][0-9]*'
# `timeline` and a dump before any recording say so (`timeline` said
# "stopped, 0 records, 0 dropped (0 per hart)").
expect_count 2 "^timeline: nothing recorded (timeline start first)$" "no-recording notes"
expect_absent "(0 per hart)"
expect "^timeline: not recording (timeline start first)$"
expect "^timeline: start: 0 records: at least 1 and at most 131072 per hart (5120 KiB a hart)$"
expect "^timeline: start: 'abc' is not a number of records$"
expect "^timeline: start: 999999999 records: at least 1 and at most 131072 per hart"
expect "^timeline: start: recording already$"
expect "^timeline: recording: stop it first$"
expect "^timeline: stopped, $n records, $n dropped (16 per hart)$"
expect "^timeline: begin harts 4 records $n dropped $n$"
expect "^timeline: end$"
expect "^usage: timeline \[start \[RECORDS\] | stop | dump\]$"
expect_report
