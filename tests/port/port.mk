# The library builds on its port header alone and needs nothing of its
# host but what docs/PORTING.md lists.
$(eval $(call suite,port-check,tests/port/port-check.sh $(KCC) \
	$(BUILD)/port-check $(LIB_SRCS) $(LIB_KERNEL_SRCS)))
