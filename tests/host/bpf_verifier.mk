# The verifier's own suite (unsafe programs refused, safe ones accepted).
$(eval $(call host_suite,bpf-verifier,tests/host/bpf_verifier_test.c))
