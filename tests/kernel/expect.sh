# Sourced by the scripts that check what a kernel run printed:
#   suite=NAME; out=$(...); . tests/kernel/expect.sh
#   expect REGEX ...     # one check per call: REGEX must match a line of $out
#   expect_lines LINES   # LINES must be consecutive lines of $out
#   expect_count N REGEX WHAT  # REGEX must match exactly N lines
#   expect_report        # prints `NAME: N passed, N failed`; fails if any did
#                        # (then first the output's last $report_lines
#                        # lines, 40 unless set)
pass=0 fail=0
# Run the kernel ("$@", a QEMU command) and type $session into its
# console, lines ending in CR; what it printed goes to $out. Typed after
# boot: the UART's FIFO is reset when the kernel starts. A session line
# "#wait REGEX" is not typed: typing waits (at most 30 s) until what the
# kernel printed so far has a line matching REGEX, e.g. a command's echo
# before a ^C meant for it, which typed ahead could reach the command
# before it instead.
type_session() {
	_log=$(mktemp)
	{ sleep 3; printf '%s' "$session" |
	while IFS= read -r _line || [ -n "$_line" ]; do
		case $_line in
		'#wait '*)
			for _ in $(seq 300); do
				tr -d '\r' < "$_log" | grep -q -- "${_line#'#wait '}" &&
					break
				sleep 0.1
			done;;
		*)	printf '%s\r' "$_line";;
		esac
	done; } | "$@" > "$_log" 2>&1
	out=$(tr -d '\r' < "$_log")
	rm -f "$_log"
}
expect() {
	if printf '%s\n' "$out" | grep -q -- "$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: missing from the output: $1"
	fi
}
# A check that must not match.
expect_absent() {
	if printf '%s\n' "$out" | grep -q -- "$1"; then
		fail=$((fail + 1))
		echo "$suite: should not be in the output: $1"
	else
		pass=$((pass + 1))
	fi
}
# A check that LINES (lines of one string) are lines of $out as they
# are, one after the other.
expect_lines() {
	if printf '%s\n' "$out" | tr '\n' '\r' |
		grep -qF -- "$(printf '\r%s\r' "$1" | tr '\n' '\r')"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: missing from the output, as these lines:"
		printf '%s\n' "$1"
	fi
}
# A check that REGEX matches exactly N lines; WHAT names them if not.
expect_count() {
	_n=$(printf '%s\n' "$out" | grep -c -- "$2")
	if [ "$_n" -eq "$1" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$suite: $_n lines of $3, not $1: $2"
	fi
}
expect_report() {
	[ $fail -ne 0 ] && printf '%s\n' "$out" | tail -"${report_lines:-40}"
	echo "$suite: $pass passed, $fail failed"
	[ $fail -eq 0 ]
}
