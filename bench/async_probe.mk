# Async probe cost per poll, C and eBPF handlers (make bench; bench/kernel.mk
# runs it).
KBENCH_SRCS += bench/async_probe_bench.c
