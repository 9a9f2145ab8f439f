/* Ring buffer maps (ringbuf.c), for the ring buffer helpers. Private to
 * the library. */
#ifndef EBREAK_BPF_RINGBUF_H
#define EBREAK_BPF_RINGBUF_H
#include <stdint.h>

struct bpf_map;

/* bpf_ringbuf_query's flags (Linux's). */
#define BPF_RB_AVAIL_DATA	0
#define BPF_RB_RING_SIZE	1
#define BPF_RB_CONS_POS		2
#define BPF_RB_PROD_POS		3

/* Append a record of data[0..len) to ring buffer map map: 0, -EAGAIN
 * when it has no room (counted as lost), -EINVAL for another map or a
 * record over half the ring. Any context. */
int eb_ringbuf_output(struct bpf_map *map, const void *data, uint64_t len);

/* bpf_ringbuf_query: what flags asks (0 for an unknown flag). Any
 * context. */
uint64_t eb_ringbuf_query(struct bpf_map *map, uint64_t flags);

#endif
