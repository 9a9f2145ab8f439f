# The trace ring: per-hart rings of text records, written from trap
# context; portable (kernel and host).
LIB_SRCS += lib/core/trace_ring.c
