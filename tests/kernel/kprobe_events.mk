# Hist triggers on a kprobe event: counts, sums, format, drops, every hart;
# traceon and traceoff triggers.
KTEST_SRCS += tests/kernel/hist_trigger_test.c
KTEST_SUITES += hist_trigger event_trigger
# kprobe events from the kernel shell: define, fire, `trace show`, clear.
$(eval $(call suite,kprobe-shell,tests/kernel/kprobe_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
# eBPF programs on kprobes and kretprobes.
KTEST_SRCS += tests/kernel/bpf_kprobe_test.c tests/kernel/bpf_text.c
KTEST_SUITES += bpf_kprobe
# A ring buffer reserved and submitted on every hart while one reads.
KTEST_SRCS += tests/kernel/bpf_ringbuf_test.c
KTEST_SUITES += bpf_ringbuf
# eBPF objects' CO-RE relocations against the kernel's own BTF.
KTEST_SRCS += tests/kernel/bpf_core_test.c
KTEST_SUITES += bpf_core
# bpf_loop from clang-built programs (tests/bpf/loop.bpf.c) on a kprobe.
KTEST_SRCS += tests/kernel/bpf_loop_test.c
KTEST_SUITES += bpf_loop
# Helpers of clang-built tracing programs (tests/bpf/helpers.bpf.c).
KTEST_SRCS += tests/kernel/bpf_helpers_test.c
KTEST_SUITES += bpf_helpers
# raw_tp and tp_btf programs (tests/bpf/raw_tp.bpf.c) on a tracepoint.
KTEST_SRCS += tests/kernel/bpf_raw_tp_test.c
KTEST_SUITES += bpf_raw_tp
# perf_event programs (tests/bpf/perf_event.bpf.c) on the timer's samples
# of a CPU hog (perf_hog.S).
KTEST_SRCS += tests/kernel/bpf_perf_event_test.c tests/kernel/perf_hog.S
KTEST_SUITES += bpf_perf_event
# fentry and fexit programs (tests/bpf/fentry.bpf.c) on kernel functions.
KTEST_SRCS += tests/kernel/bpf_fentry_test.c
KTEST_SUITES += bpf_fentry
# kprobe.multi and kretprobe.multi programs (tests/bpf/multi.bpf.c) on a
# glob of kernel functions.
KTEST_SRCS += tests/kernel/bpf_kprobe_multi_test.c
KTEST_SUITES += bpf_kprobe_multi
# Error injection: bpf_override_return and fmod_ret programs.
KTEST_SRCS += tests/kernel/bpf_inject_test.c
KTEST_SUITES += bpf_inject
# Tail calls through a prog array the object loader fills, on a kprobe.
KTEST_SRCS += tests/kernel/bpf_tail_call_test.c tests/kernel/bpf_embedded.c \
	tests/kernel/busy_callers.c
KTEST_SUITES += bpf_tail
# Maps of maps the object loader fills, swapped under load, on a kprobe.
KTEST_SRCS += tests/kernel/bpf_map_in_map_test.c
KTEST_SUITES += bpf_map_in_map
# eBPF objects from the kernel shell: load, attach, dump (bpf_cmd.c, bpf_dump.c).
$(eval $(call suite,bpf-shell,tests/kernel/bpf_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
# The JIT in the kernel: the bpf_conformance cases, compiled in from
# $(BPF_CONFORMANCE_DIR) (none without it: the test says it skipped),
# regenerated on every build and replaced only when they changed.
KTEST_SRCS += tests/kernel/bpf_jit_test.c
KTEST_SUITES += bpf_jit
BPF_CASES_H := $(BUILD)/kernel/gen/bpf_conformance_cases.h
.PHONY: bpf-conformance-cases
$(BPF_CASES_H): bpf-conformance-cases
	$(Q)mkdir -p $(dir $@)
	$(Q)tests/kernel/bpf_conformance_gen.py $(BPF_CONFORMANCE_DIR) > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(BUILD)/kernel/tests/kernel/bpf_jit_test.o: $(BPF_CASES_H)
$(BUILD)/kernel/tests/kernel/bpf_jit_test.o: KINCLUDES += -I$(BUILD)/kernel/gen
