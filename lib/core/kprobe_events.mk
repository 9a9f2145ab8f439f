# kprobe_events: text-defined probes with fetch args, recording into the
# trace ring; kernel-only like kprobes, which they use.
LIB_KERNEL_SRCS += lib/core/kprobe_events.c lib/core/fetch_args.c \
	lib/core/trace_event.c
