# eBPF interpreter benchmark on the host (bench/bpf-interp.c): host
# instructions per eBPF instruction under callgrind, verification time.
BPF_BENCH := $(BUILD)/host/bench
$(BPF_BENCH)/bpf-interp: $(BUILD)/host/bench/bpf-interp.o \
		$(BUILD)/host/tests/host/port_host.o $(BUILD)/host/libebreak.a
	$(Q)$(HOSTCC) -g -o $@ $^ $(HOSTLDLIBS)
# The same with the counting build of the interpreter linked first.
$(BPF_BENCH)/interp-count.o: lib/bpf/interp.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -DBPF_INTERP_COUNT -c -o $@ $<
$(BPF_BENCH)/bpf-interp-count: $(BUILD)/host/bench/bpf-interp.o \
		$(BPF_BENCH)/interp-count.o $(BUILD)/host/tests/host/port_host.o \
		$(BUILD)/host/libebreak.a
	$(Q)$(HOSTCC) -g -o $@ $^ $(HOSTLDLIBS)
BENCH_DEPS += $(BPF_BENCH)/bpf-interp $(BPF_BENCH)/bpf-interp-count
$(eval $(call bench,bpf-interp,bench/bpf-interp.sh $(BPF_BENCH)))
# The same ALU-and-branch loop in the reference kernel (rdinstret).
KBENCH_SRCS += bench/bpf-kbench.c bench/bpf_kprobe_bench.c bench/bpf_kprobe_multi_bench.c \
	bench/bpf_tail_bench.c \
	bench/bpf_map_in_map_bench.c bench/bpf_perf_event_bench.c
