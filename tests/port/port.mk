# The library builds on its port header alone, with the include paths and
# sources lib/sources.mk gives any build, and needs nothing of its host
# but what docs/PORTING.md lists.
$(eval $(call suite,port-check,tests/port/port-check.sh $(KCC) \
	$(BUILD)/port-check $(EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS)))
