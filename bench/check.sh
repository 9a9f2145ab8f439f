#!/bin/sh
# Filters a benchmark run's output (stdin) to its `bench: NAME = VALUE
# UNIT` lines and fails when a benchmark reported `= FAILED (why)` or none
# reported anything (the run died early): a failed setup must not pass
# for a figure.
#   COMMAND | bench/check.sh NAME
name=$1
out=$(tr -d '\r' | grep '^bench:')
[ -n "$out" ] && printf '%s\n' "$out"
if [ -z "$out" ]; then
	echo "bench: $name = FAILED (no bench: lines; the run died early?)"
	exit 1
fi
if printf '%s\n' "$out" | grep -q '= FAILED'; then
	echo "$name: some benchmarks failed (lines above)" >&2
	exit 1
fi
