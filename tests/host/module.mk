# Host tests of the library's core parts.
$(eval $(call host_suite,host-core,tests/host/fmt_test.c tests/host/event_filter_test.c))
