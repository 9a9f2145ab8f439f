/* Refused by the verifier: a helper no tracing program may call
 * (bpf_skb_store_bytes, a networking one). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_work")
int store_bytes(void *ctx)
{
	__u64 v = 0;

	return bpf_skb_store_bytes(ctx, 0, &v, sizeof(v), 0);
}
