# kretprobe hit cost, entry + return (make bench; bench/kernel.mk runs it).
KBENCH_SRCS += bench/kretprobe_bench.c
