# In-kernel benchmarks: one hart, -icount shift=0 so rdinstret counts
# retired instructions exactly; prints `bench: NAME = VALUE UNIT` lines.
KBENCH_SRCS += bench/bench_asm.S bench/base_bench.c bench/kprobe_bench.c \
	bench/ftrace_bench.c
KINCLUDES += -Ibench -Itests/kernel
# A benchmark whose setup failed prints `= FAILED (why)`; bench/check.sh
# then fails `make bench`.
$(eval $(call bench,kernel,timeout -k 5 300 $(QEMU) \
	-nographic -no-reboot -smp 1 -icount shift=0 -append bench </dev/null \
	| bench/check.sh kernel))
