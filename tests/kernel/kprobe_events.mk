# kprobe events from the kernel shell: define, fire, `trace show`, clear.
$(eval $(call suite,kprobe-shell,tests/kernel/kprobe_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
