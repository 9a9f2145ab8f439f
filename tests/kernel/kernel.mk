# In-kernel suites: linked into the kernel, run by booting it with test=...
KTEST_SRCS += tests/kernel/trap_test.c tests/kernel/trap_asm.S \
	tests/kernel/smp_test.c tests/kernel/mem_test.c tests/kernel/patch_asm.S \
	tests/kernel/crash_test.c tests/kernel/kprobe_test.c tests/kernel/kprobe_asm.S \
	tests/kernel/kprobe_events_test.c tests/kernel/kprobe_fetch_test.c \
	tests/kernel/kprobe_errors_test.c \
	tests/kernel/trace_ring_test.c tests/kernel/trace_collect.c
# kprobe_test is white box: it reads the probe core's sites
# (core/kprobes_internal.h, which includes the arch's kprobes_arch.h).
$(BUILD)/kernel/tests/kernel/kprobe_test.o: KINCLUDES += -Ilib/arch/$(ARCH)
# The suites those files hold: each boot below must print a result line
# for every one listed here (tests/kernel/ktest-check.sh). Each module.mk
# adding KTEST_SRCS adds its suites' names.
KTEST_SUITES += trap boot ipi timer kallsyms kmalloc patch wx kprobe \
	kprobe_events kprobe_fetch trace_ring

# Every suite on 4 harts, and again on 1 (suite names get a -smp1 tag).
# Recursive (=), so the commands see KTEST_SUITES as the module.mk files
# included after this one complete it.
SUITES += kernel-smp4 kernel-smp1
SUITE_CMD.kernel-smp4 = tests/kernel/ktest-check.sh "$(KTEST_SUITES)" "" \
	$(call QEMU_TEST,test=all harts=4,300,4)
SUITE_CMD.kernel-smp1 = tests/kernel/ktest-check.sh "$(KTEST_SUITES)" smp1 \
	$(call QEMU_TEST,test=all harts=1 tag=smp1,300,1)
$(eval $(call suite,kernel-crash,tests/kernel/crash-check.sh timeout -k 5 60 \
	$(QEMU) -nographic -no-reboot -smp 2))
$(eval $(call suite,kernel-crash-lock,tests/kernel/crash-lock-check.sh timeout -k 5 60 \
	$(QEMU) -nographic -no-reboot -smp 2))
