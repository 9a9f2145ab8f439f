/* Ring buffer maps (ringbuf.c), for the ring buffer helpers. Private to
 * the library. */
#ifndef EBREAK_BPF_RINGBUF_H
#define EBREAK_BPF_RINGBUF_H
#include <stdbool.h>
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

/* bpf_ringbuf_reserve: len contiguous bytes of a new record in ring
 * buffer map map, for the caller to fill and then pass to
 * eb_ringbuf_commit; records after it wait for that. NULL when
 * eb_ringbuf_output would fail, or flags is not 0. Any context. */
void *eb_ringbuf_reserve(struct bpf_map *map, uint64_t len, uint64_t flags);

/* bpf_ringbuf_submit (discard false) or _discard: ends the record data,
 * which eb_ringbuf_reserve returned and nothing has ended yet; a
 * discarded one is never read. Any context. */
void eb_ringbuf_commit(void *data, bool discard);

/* bpf_ringbuf_query: what flags asks (0 for an unknown flag). Any
 * context. */
uint64_t eb_ringbuf_query(struct bpf_map *map, uint64_t flags);

#endif
