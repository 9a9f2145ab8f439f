#!/bin/bash
# Suite port-boot: boots the mini kernel (tests/port/mini), a second host
# of the library written from docs/PORTING.md, on one hart under QEMU,
# and checks that each of its self-test checks printed `mini: ok NAME`
# and that it finished with none failed and left QEMU with success.
#   tests/port/port-boot.sh MINI_ELF
elf=$1
checks="ftrace_init read_nofault kprobe_by_symbol kprobe_by_address
	kprobe_boosted faulting_trap_register kretprobe_register
	faulting_register kprobes_list simulated_hits boosted_hits
	faulting_trap_missed stepped_hits kretprobe_hits
	faulting_handler_missed kprobe_event kprobe_event_removed bpf_kprobe
	perf_event_refused unregister"
out=$({ timeout 30 qemu-system-riscv64 -machine virt -bios default -m 128M \
	-kernel "$elf" -nographic -no-reboot -smp 1 </dev/null 2>&1
	printf '\nqemu exit %d\n' $?; } | tr -d '\r')
rc=$(echo "$out" | sed -n 's/^qemu exit //p')
echo "$out" | grep '^mini: '
pass=0 fail=0
for c in $checks; do
	if echo "$out" | grep -q "^mini: ok $c ("; then
		pass=$((pass + 1))
	else
		echo "port-boot: $c: no 'mini: ok $c' line"
		fail=$((fail + 1))
	fi
done
if echo "$out" | grep -q '^mini: done, 0 failed$' && [ "$rc" -eq 0 ]; then
	pass=$((pass + 1))
else
	echo "port-boot: the kernel did not finish cleanly (QEMU exit $rc)"
	fail=$((fail + 1))
fi
echo "port-boot: $pass passed, $fail failed"
