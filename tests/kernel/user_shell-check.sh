#!/bin/sh
# Boots the kernel as `make run` does (4 harts, no boot args: straight
# into the user shell), types a session and checks what it printed: the
# user shell runs programs, reports exits and kills, `exit` returns to
# the kernel shell, whose commands still work. A pipeline `a | b` runs
# through a pipe between two processes, `a | b | c` through two; exit
# codes past 255 wrap, as in Linux; programs say what they did. Prints
# `user-shell: N passed, N failed`.
#   tests/kernel/user_shell-check.sh QEMU-COMMAND...
session='echo hello from user mode
echo piped through cat | cat
echo first | echo second | cat
cat somefile
syscount 7
forkwait 270
pingpong 10
fault
forkwait 5
sleep 50 3
nosuchprogram
kill abc
echo a|cat
echo "two  words" '"'"'x | y'"'"'
echo "open
echo a a a a a a a a a a a a a a a a a a a a
echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
exit
run echo a a a a a a a a a a a a a a a a a a a a
ps
poweroff
'
suite=user-shell
. tests/kernel/expect.sh
type_session "$@"
expect "^4 harts online"
expect "^ebreak> sh"
expect "^user shell (pid 1)"
expect "^\$ echo hello from user mode"
expect "^hello from user mode"
expect "^piped through cat"
expect "^second$"
expect_absent "^first$"
expect "^cat: somefile: no such file"
expect "^syscount: 7 getpid calls, 7 returned a pid"
expect "^forkwait: 270 children reaped"
expect "^pingpong: 10 rounds between pid [0-9]* and pid [0-9]*, 0 bad"
expect "killed: load page fault (cause 13) at pc"
expect "^\[[0-9]*\] killed by signal 11"
expect "^forkwait: 5 children reaped"
expect "^\[[0-9]*\] exit 3"
expect "^sh: nosuchprogram: no such program"
# Limits said, not silently cut: words, a word's length, kill's pids.
expect "^kill: abc: arguments must be process ids$"
# Words as a shell splits them: | without blanks, quotes kept whole.
expect "^a$"
expect "^two  words x | y$"
expect "^sh: a \" quote is not closed: not run$"
expect "^sh: more than 16 words: not run$"
expect "^sh: a word of more than 63 characters: not run$"
expect "^run: more than 16 words: not run$"
expect "^ebreak> ps"
expect "PID  PPID STATE"
expect "^bye"
expect_report
