# The probe core: portable, built for the kernel and the host.
LIB_SRCS += lib/core/fmt.c lib/core/glob.c lib/core/event_filter.c \
	lib/core/grace_period.c
