/*
 * Ring buffer maps (BPF_MAP_TYPE_RINGBUF): records that programs reserve
 * and then submit or discard (bpf_ringbuf_reserve, _submit, _discard;
 * bpf_ringbuf_output is the three at once), read in order by one
 * consumer (eb_bpf_ringbuf_consume), as Linux's. max_entries is the data
 * area's size in bytes, a power of two.
 *
 * A record is an 8-byte header and its bytes, padded to 8. The header
 * holds the length and two bits: BUSY from reserve until submit or
 * discard, DISCARD for a record the consumer skips. Positions count the
 * bytes ever reserved (producer) and read (consumer); a reservation
 * advances the producer position at once, so that other harts reserve
 * after it while it is being filled. The consumer stops at a BUSY record
 * (the ones after it wait, order is kept), and the producer never gets
 * a whole ring ahead of the consumer: so the room of a reserved record
 * is not reused before the consumer has passed it.
 *
 * A program gets its record as one piece of memory. Linux maps the data
 * pages twice, one copy after the other, so a record that wraps is still
 * contiguous; here the data area has a tail of half the ring after it
 * (the largest record) and a record that wraps lies there whole: its
 * bytes from the start of the data area on stay unused. The consumer
 * reads records in place, so from the tail too. Only one record at a
 * time can reach into the tail: the next that does is a ring later, when
 * the consumer has passed the last.
 *
 * Reservations from every hart take the map's spinlock with interrupts
 * off; submit and discard take none (one store to the header), nor does
 * the one reader: the producer position is published after the header
 * (release), the header's length after the record (release), the
 * consumer position after the read.
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
	uint64_t prod, cons;	/* bytes reserved, read: free-running */
	uint64_t lost;		/* reservations refused for want of room */
	struct eb_spinlock lock;	/* reservations' */
	_Alignas(8) uint8_t data[];	/* the ring, then its tail */
};

/* A record's header (Linux's struct bpf_ringbuf_hdr). */
struct ringbuf_hdr {
	uint32_t len;		/* the record's bytes, BUSY and DISCARD bits */
	uint32_t pad;		/* (Linux's page offset, which finds the ring
				 * from a record for its wakeups: none here) */
};

#define BPF_RINGBUF_BUSY_BIT	(1u << 31)
#define BPF_RINGBUF_DISCARD_BIT	(1u << 30)
#define BPF_RINGBUF_HDR_SZ	8

/* The bytes a record of len bytes takes in the ring. */
static uint64_t
rec_room(uint64_t len)
{
	return BPF_RINGBUF_HDR_SZ + ((len + 7) & ~7ull);
}

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
	/* the ring and a tail for the largest record, half the ring */
	struct ringbuf *rb = eb_port_alloc(sizeof *rb + n + n / 2);
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

const struct bpf_map_ops eb_ringbuf_ops = {
	.alloc = ringbuf_alloc,
	.free = ringbuf_free,
	/* not a key-value map */
	.lookup = eb_bpf_map_no_lookup,
	.update = eb_bpf_map_no_update,
	.delete = eb_bpf_map_no_delete,
	.get_next_key = eb_bpf_map_no_next_key,
};

/* A record of len bytes, BUSY, in map's ring; NULL with *err -EINVAL
 * (another map, a record over half the ring) or -EAGAIN (no room:
 * counted as lost). */
static void *
reserve(struct bpf_map *map, uint64_t len, int *err)
{
	struct ringbuf *rb = map->data;
	uint32_t size = map->max_entries;
	struct ringbuf_hdr *hdr = NULL;

	*err = -EINVAL;
	if (map->map_type != BPF_MAP_TYPE_RINGBUF || len > size / 2)
		return NULL;
	*err = -EAGAIN;
	/* Interrupts off: a program run from an interrupt on this hart
	 * must not wait for the lock held under it. No probe can hit
	 * while it is held either (the library is never probed), so a
	 * program never meets it held by the code it interrupted, and
	 * waiting for it always ends (what Linux's ring buffer needs a
	 * trylock for, in NMI context). */
	unsigned long irq = eb_port_irq_save();
	eb_spin_lock(&rb->lock);
	uint64_t cons = __atomic_load_n(&rb->cons, __ATOMIC_ACQUIRE);
	uint64_t prod = rb->prod, next = prod + rec_room(len);
	/* As Linux: the producer stays less than a whole ring ahead. */
	if (next - cons > size - 1) {
		rb->lost++;
	} else {
		hdr = (struct ringbuf_hdr *)(rb->data + (prod & (size - 1)));
		hdr->len = (uint32_t)len | BPF_RINGBUF_BUSY_BIT;
		/* Release: the BUSY header before the position that lets
		 * the reader reach it. */
		__atomic_store_n(&rb->prod, next, __ATOMIC_RELEASE);
	}
	eb_spin_unlock(&rb->lock);
	eb_port_irq_restore(irq);
	return hdr ? hdr + 1 : NULL;
}

void *
eb_ringbuf_reserve(struct bpf_map *map, uint64_t len, uint64_t flags)
{
	int err;

	return flags ? NULL : reserve(map, len, &err);
}

void
eb_ringbuf_commit(void *data, bool discard)
{
	struct ringbuf_hdr *hdr = (struct ringbuf_hdr *)data - 1;
	uint32_t len = hdr->len & ~BPF_RINGBUF_BUSY_BIT;

	/* Release: the record's bytes before the cleared BUSY bit the
	 * reader acquires. */
	__atomic_store_n(&hdr->len, discard ? len | BPF_RINGBUF_DISCARD_BIT
					    : len, __ATOMIC_RELEASE);
}

int
eb_ringbuf_output(struct bpf_map *map, const void *data, uint64_t len)
{
	int err;
	void *rec = reserve(map, len, &err);

	if (!rec)
		return err;
	memcpy(rec, data, len);
	eb_ringbuf_commit(rec, false);
	return 0;
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
	struct ringbuf *rb;
	uint32_t size;
	long n = 0;

	if (!map || !fn || map->map_type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	rb = map->data;
	size = map->max_entries;
	if (lost)
		*lost = __atomic_load_n(&rb->lost, __ATOMIC_RELAXED);
	uint64_t cons = rb->cons;	/* ours alone to write */
	uint64_t prod = __atomic_load_n(&rb->prod, __ATOMIC_ACQUIRE);
	while (cons != prod) {
		struct ringbuf_hdr *hdr =
			(struct ringbuf_hdr *)(rb->data + (cons & (size - 1)));
		/* Acquire: a record's bytes are whole once its BUSY bit is
		 * seen clear. */
		uint32_t len = __atomic_load_n(&hdr->len, __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT)
			break;	/* not ready: the later ones wait for it */
		bool skip = len & BPF_RINGBUF_DISCARD_BIT;
		len &= ~BPF_RINGBUF_DISCARD_BIT;
		int r = skip ? 0 : fn(arg, hdr + 1, len);
		n += !skip;
		cons += rec_room(len);
		/* Release: the record is read before writers may reuse its
		 * room. */
		__atomic_store_n(&rb->cons, cons, __ATOMIC_RELEASE);
		if (r < 0)
			break;
	}
	return n;
}

/* --- the helpers ------------------------------------------------------ */

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
	.func = ringbuf_output_helper,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

static uint64_t
ringbuf_reserve_helper(uint64_t map, uint64_t size, uint64_t flags,
		       uint64_t r4, uint64_t r5)
{
	return (uintptr_t)eb_ringbuf_reserve((struct bpf_map *)(uintptr_t)map,
					     size, flags);
}

/* ringbuf_reserve(map, size, flags): size bytes to fill, or NULL; size a
 * constant the verifier knows, flags 0 (else NULL, as Linux). */
const struct bpf_func_proto bpf_ringbuf_reserve_proto = {
	.func = ringbuf_reserve_helper,
	.ret_type = RET_PTR_TO_RINGBUF_MEM_OR_NULL,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_CONST_ALLOC_SIZE_OR_ZERO,
		      ARG_ANYTHING },
};

static uint64_t
ringbuf_submit_helper(uint64_t data, uint64_t flags, uint64_t r3,
		      uint64_t r4, uint64_t r5)
{
	eb_ringbuf_commit((void *)(uintptr_t)data, false);
	return 0;
}

static uint64_t
ringbuf_discard_helper(uint64_t data, uint64_t flags, uint64_t r3,
		       uint64_t r4, uint64_t r5)
{
	eb_ringbuf_commit((void *)(uintptr_t)data, true);
	return 0;
}

/* ringbuf_submit(data, flags) and ringbuf_discard(data, flags): data is
 * what ringbuf_reserve returned (the verifier sees to it, and that it is
 * given back once). flags are Linux's wakeup hints (BPF_RB_NO_WAKEUP,
 * BPF_RB_FORCE_WAKEUP), ignored: the reader polls; Linux ignores other
 * bits too. */
const struct bpf_func_proto bpf_ringbuf_submit_proto = {
	.func = ringbuf_submit_helper,
	.ret_type = RET_VOID,
	.arg_type = { ARG_PTR_TO_RINGBUF_MEM, ARG_ANYTHING },
};

const struct bpf_func_proto bpf_ringbuf_discard_proto = {
	.func = ringbuf_discard_helper,
	.ret_type = RET_VOID,
	.arg_type = { ARG_PTR_TO_RINGBUF_MEM, ARG_ANYTHING },
};

static uint64_t
ringbuf_query_helper(uint64_t map, uint64_t flags, uint64_t r3, uint64_t r4,
		     uint64_t r5)
{
	return eb_ringbuf_query((struct bpf_map *)(uintptr_t)map, flags);
}

const struct bpf_func_proto bpf_ringbuf_query_proto = {
	.func = ringbuf_query_helper,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_ANYTHING },
};
