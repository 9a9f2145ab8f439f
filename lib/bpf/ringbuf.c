/*
 * Ring buffer maps (BPF_MAP_TYPE_RINGBUF): records that programs write
 * (bpf_ringbuf_output) and one consumer reads in order
 * (eb_bpf_ringbuf_consume), as Linux's. max_entries is the data area's
 * size in bytes, a power of two. A record is an 8-byte header (its
 * length) and its bytes, padded to 8; positions count bytes ever
 * written (producer) and read (consumer), so the ring is full when
 * they are size apart. Writers from every hart take the map's spinlock
 * with interrupts off; the one reader takes none: the producer position
 * is published after the record (release), the consumer position after
 * the read.
 */
/* The map ops and the helpers have the signatures all maps and helpers
 * share; a ring buffer reads few of their arguments. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include <ebreak/port.h>
#include "bpf/helpers.h"
#include "bpf/map_ops.h"
#include "bpf/ringbuf.h"

struct ringbuf {
	uint64_t prod, cons;	/* bytes written, read: free-running */
	uint64_t lost;		/* records refused for want of room */
	struct eb_spinlock lock;	/* writers' */
	uint8_t data[];
};

#define HDR 8

static int
ringbuf_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	uint32_t n = map->max_entries;

	if (map->key_size || map->value_size || n < 4096 || (n & (n - 1))) {
		eb_snprintf(err, errsize, "ring buffer: key_size and value_size "
			    "must be 0, max_entries a power of two >= 4096 "
			    "(%u)", n);
		return -EINVAL;
	}
	struct ringbuf *rb = eb_port_alloc(sizeof *rb + n);
	if (!rb) {
		eb_snprintf(err, errsize, "out of memory for a %u-byte ring "
			    "buffer", n);
		return -ENOMEM;
	}
	memset(rb, 0, sizeof *rb);
	map->data = rb;
	return 0;
}

static void
ringbuf_free(struct bpf_map *map)
{
	eb_port_free(map->data);
}

static void *
ringbuf_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	return NULL;	/* not a key-value map */
}

static int
ringbuf_update(struct bpf_map *map, const void *key, const void *value,
	       uint64_t flags)
{
	return -EINVAL;
}

static int
ringbuf_delete(struct bpf_map *map, const void *key)
{
	return -EINVAL;
}

static int
ringbuf_get_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	return -ENOENT;
}

const struct bpf_map_ops eb_ringbuf_ops = {
	.alloc = ringbuf_alloc,
	.free = ringbuf_free,
	.lookup = ringbuf_lookup,
	.update = ringbuf_update,
	.delete = ringbuf_delete,
	.get_next_key = ringbuf_get_next_key,
};

/* Copy n bytes between the ring at position pos and buf, wrapping. */
static void
ring_copy(struct ringbuf *rb, uint32_t size, uint64_t pos, void *buf,
	  size_t n, bool to_ring)
{
	uint32_t at = pos & (size - 1);
	size_t first = n < size - at ? n : size - at;

	if (to_ring) {
		memcpy(rb->data + at, buf, first);
		memcpy(rb->data, (char *)buf + first, n - first);
	} else {
		memcpy(buf, rb->data + at, first);
		memcpy((char *)buf + first, rb->data, n - first);
	}
}

static uint64_t
ringbuf_output_helper(uint64_t map, uint64_t data, uint64_t size,
		      uint64_t flags, uint64_t r5)
{
	return (uint64_t)(int64_t)eb_ringbuf_output(
		(struct bpf_map *)(uintptr_t)map, (const void *)(uintptr_t)data,
		size);
}

/* ringbuf_output(map, data, size, flags): flags (wakeup hints) are
 * ignored: the reader polls. */
const struct bpf_func_proto bpf_ringbuf_output_proto = {
	.name = "ringbuf_output",
	.func = ringbuf_output_helper,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

static uint64_t
ringbuf_query_helper(uint64_t map, uint64_t flags, uint64_t r3, uint64_t r4,
		     uint64_t r5)
{
	return eb_ringbuf_query((struct bpf_map *)(uintptr_t)map, flags);
}

const struct bpf_func_proto bpf_ringbuf_query_proto = {
	.name = "ringbuf_query",
	.func = ringbuf_query_helper,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_ANYTHING },
};

int
eb_ringbuf_output(struct bpf_map *map, const void *data, uint64_t len)
{
	struct ringbuf *rb = map->data;
	uint32_t size = map->max_entries;
	uint64_t need = HDR + ((len + 7) & ~7ull), hdr = len;
	int r = 0;

	if (map->map_type != BPF_MAP_TYPE_RINGBUF || len > size / 2)
		return -EINVAL;
	unsigned long irq = eb_port_irq_save();
	eb_spin_lock(&rb->lock);
	uint64_t cons = __atomic_load_n(&rb->cons, __ATOMIC_ACQUIRE);
	if (rb->prod + need - cons > size) {
		rb->lost++;
		r = -EAGAIN;
	} else {
		ring_copy(rb, size, rb->prod, &hdr, HDR, true);
		ring_copy(rb, size, rb->prod + HDR, (void *)data, len, true);
		/* The record before its producer position: the reader
		 * reads up to the position it sees. */
		__atomic_store_n(&rb->prod, rb->prod + need, __ATOMIC_RELEASE);
	}
	eb_spin_unlock(&rb->lock);
	eb_port_irq_restore(irq);
	return r;
}

uint64_t
eb_ringbuf_query(struct bpf_map *map, uint64_t flags)
{
	struct ringbuf *rb = map->data;
	uint64_t prod = __atomic_load_n(&rb->prod, __ATOMIC_ACQUIRE);
	uint64_t cons = __atomic_load_n(&rb->cons, __ATOMIC_ACQUIRE);

	switch (flags) {
	case BPF_RB_AVAIL_DATA: return prod - cons;
	case BPF_RB_RING_SIZE: return map->max_entries;
	case BPF_RB_CONS_POS: return cons;
	case BPF_RB_PROD_POS: return prod;
	default: return 0;
	}
}

long
eb_bpf_ringbuf_consume(struct bpf_map *map,
		       int (*fn)(void *arg, const void *data, size_t len),
		       void *arg, uint64_t *lost)
{
	struct ringbuf *rb = map->data;
	uint32_t size = map->max_entries;
	uint8_t buf[512];
	long n = 0;

	if (map->map_type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	if (lost)
		*lost = __atomic_load_n(&rb->lost, __ATOMIC_RELAXED);
	uint64_t prod = __atomic_load_n(&rb->prod, __ATOMIC_ACQUIRE);
	while (rb->cons != prod) {
		uint64_t len;
		ring_copy(rb, size, rb->cons, &len, HDR, false);
		size_t shown = len < sizeof buf ? len : sizeof buf;
		ring_copy(rb, size, rb->cons + HDR, buf, shown, false);
		/* The record is copied out: writers may reuse its room. */
		__atomic_store_n(&rb->cons, rb->cons + HDR + ((len + 7) & ~7ull),
				 __ATOMIC_RELEASE);
		n++;
		if (fn(arg, buf, shown) < 0)
			break;
	}
	return n;
}
