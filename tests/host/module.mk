# Host tests of the library's core parts (the unwinder's table reading
# among them), and of the host port's executable memory.
$(eval $(call host_suite,host-core,tests/host/fmt_test.c tests/host/event_filter_test.c \
	tests/host/port_test.c tests/host/async_calls_test.c tests/host/cfi_test.c,-lpthread))
