/*
 * Perf event arrays (BPF_MAP_TYPE_PERF_EVENT_ARRAY) as the output
 * channel of bpf_perf_event_output: what BCC's perf_submit and libbpf's
 * perf_buffer read. In Linux each slot holds a perf event a reader
 * opened on one CPU (a BPF_OUTPUT software event, its ring buffer
 * mmapped), and a program writes to the slot of the CPU it runs on. This
 * kernel has no perf events: the map's slots are per-hart buffers made
 * with the map, slot i hart i's, for the harts online then (slots past
 * them are empty: -ENOENT, as a slot no reader filled). The buffers are
 * read with eb_bpf_perf_event_consume.
 *
 * A buffer is a ring of EB_BPF_PERF_BUF_SIZE bytes written by its hart
 * alone (interrupts off: a program run from an interrupt cannot write
 * into a record half written under it) and read by one reader. A record
 * is an 8-byte header and its bytes, padded to 8, never wrapping: one
 * that would reach past the end goes to the start, a pad record filling
 * the end. A record that finds no room is lost, counted (Linux's
 * PERF_RECORD_LOST tells the reader the count), and the helper returns
 * -ENOSPC as Linux's perf_output_begin does. The writer publishes its
 * position after the record (release) and reads the reader's before
 * reusing room (acquire); the reader publishes its own after reading.
 */
/* The map ops have the signatures all maps share; this type reads few
 * of their arguments. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/helpers.h"
#include "bpf/map_ops.h"

struct perf_buf {
	uint64_t head;		/* bytes written: its hart's to write */
	uint64_t tail;		/* bytes read: the reader's */
	uint64_t lost;		/* records that found no room */
	uint64_t lost_told;	/* the reader's: lost it has reported */
	_Alignas(8) uint8_t data[EB_BPF_PERF_BUF_SIZE];
};

/* A record's header. */
struct perf_rec {
	uint32_t room;		/* bytes to the next record */
	uint32_t len;		/* the sample's bytes, or PERF_REC_PAD */
};

#define PERF_REC_PAD	UINT32_MAX	/* fills the ring's end: no sample */

/* map->data: a buffer per slot, NULL past the harts online. */
struct perf_array {
	struct perf_buf *buf[EB_MAX_CPUS];
};

static void
perf_array_free(struct bpf_map *map)
{
	struct perf_array *a = map->data;

	for (unsigned i = 0; i < EB_MAX_CPUS; i++)
		eb_port_free(a->buf[i]);
	eb_port_free(a);
}

/* As Linux: 4-byte keys and values (a perf event's fd there). */
static int
perf_array_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	unsigned harts = eb_port_cpu_count();
	struct perf_array *a;

	if (map->key_size != 4 || map->value_size != 4) {
		eb_snprintf(err, errsize, "perf event array: key_size and "
			    "value_size must be 4 (%u, %u)", map->key_size,
			    map->value_size);
		return -EINVAL;
	}
	if (!(a = eb_port_alloc(sizeof *a)))
		goto nomem;
	memset(a, 0, sizeof *a);
	map->data = a;
	for (unsigned i = 0; i < harts && i < map->max_entries; i++) {
		if (!(a->buf[i] = eb_port_alloc(sizeof *a->buf[i]))) {
			perf_array_free(map);
			goto nomem;
		}
		memset(a->buf[i], 0, offsetof(struct perf_buf, data));
	}
	return 0;
nomem:
	map->data = NULL;
	eb_snprintf(err, errsize, "out of memory for a perf event array's "
		    "buffers (%u bytes a hart)", EB_BPF_PERF_BUF_SIZE);
	return -ENOMEM;
}

const struct bpf_map_ops eb_perf_event_array_ops = {
	.alloc = perf_array_alloc,
	.free = perf_array_free,
	/* its slots are no values, made with the map: nothing to open */
	.lookup = eb_bpf_map_no_lookup,
	.update = eb_bpf_map_no_update,
	.delete = eb_bpf_map_no_delete,
	.get_next_key = eb_bpf_map_no_next_key,
};

/* Appends data[0..len) to buffer b as a record: 0, or -ENOSPC (no room:
 * counted as lost). Only b's hart, interrupts off. */
static int
perf_buf_write(struct perf_buf *b, const void *data, uint64_t len)
{
	uint64_t room = sizeof(struct perf_rec) + ((len + 7) & ~7ull);
	uint64_t head = b->head, at = head % EB_BPF_PERF_BUF_SIZE;
	uint64_t pad = at + room > EB_BPF_PERF_BUF_SIZE ?
		       EB_BPF_PERF_BUF_SIZE - at : 0;
	/* Acquire: the reader is done with the room before it is reused. */
	uint64_t tail = __atomic_load_n(&b->tail, __ATOMIC_ACQUIRE);
	struct perf_rec *rec = (struct perf_rec *)&b->data[at];

	if (head + pad + room - tail > EB_BPF_PERF_BUF_SIZE) {
		/* A whole-word store: the reader loads it from its hart. */
		__atomic_store_n(&b->lost, b->lost + 1, __ATOMIC_RELAXED);
		return -ENOSPC;
	}
	if (pad) {
		*rec = (struct perf_rec){ (uint32_t)pad, PERF_REC_PAD };
		rec = (struct perf_rec *)b->data;
	}
	*rec = (struct perf_rec){ (uint32_t)room, (uint32_t)len };
	memcpy(rec + 1, data, len);
	/* Release: the records before the position that lets the reader
	 * reach them. */
	__atomic_store_n(&b->head, head + pad + room, __ATOMIC_RELEASE);
	return 0;
}

/* Linux's BPF_F_INDEX_MASK and BPF_F_CURRENT_CPU: the flags' slot. */
#define BPF_F_INDEX_MASK	0xffffffffull
#define BPF_F_CURRENT_CPU	BPF_F_INDEX_MASK

/*
 * perf_event_output(ctx, map, flags, data, size): a record of data's
 * size bytes in the buffer of slot flags & BPF_F_INDEX_MASK, or of this
 * hart's with BPF_F_CURRENT_CPU. As Linux: -EINVAL for other flags,
 * -E2BIG for a slot past max_entries, -ENOENT for an empty one,
 * -EOPNOTSUPP for another hart's (a perf event on another CPU), -ENOSPC
 * when its buffer has no room (counted lost); else 0.
 */
static uint64_t
perf_event_output(uint64_t ctx, uint64_t map, uint64_t flags, uint64_t data,
		  uint64_t size)
{
	struct bpf_map *m = (struct bpf_map *)(uintptr_t)map;
	uint64_t i = flags & BPF_F_INDEX_MASK;
	struct perf_buf *b;
	unsigned long irq;
	unsigned cpu;
	int r;

	if (flags & ~BPF_F_INDEX_MASK)
		return (uint64_t)-EINVAL;
	/* Interrupts off before the hart is read, so that it is still the
	 * one writing (a host may move a bpf_prog_run's task between
	 * harts while they are on), and a program an interrupt runs on
	 * this hart cannot write over the record begun here. */
	irq = eb_port_irq_save();
	cpu = eb_port_cpu_id();
	if (i == BPF_F_CURRENT_CPU)
		i = cpu;
	if (i >= m->max_entries)
		r = -E2BIG;
	else if (i >= EB_MAX_CPUS ||
		 !(b = ((struct perf_array *)m->data)->buf[i]))
		r = -ENOENT;
	else if (i != cpu)
		r = -EOPNOTSUPP;
	else
		r = perf_buf_write(b, (const void *)(uintptr_t)data, size);
	eb_port_irq_restore(irq);
	return (uint64_t)(int64_t)r;
}

const struct bpf_func_proto bpf_perf_event_output_proto = {
	.func = perf_event_output,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING,
		      ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO },
};

/* Gives buffer b's records written since the last call to fn, for hart
 * cpu, stopping after one fn returns < 0 for (*stop set). How many it
 * gave. The one reader. */
static long
perf_buf_read(struct perf_buf *b, unsigned cpu,
	      const struct eb_bpf_perf_reader *rd, bool *stop)
{
	uint64_t tail = b->tail;	/* ours alone to write */
	/* Acquire: the records are whole up to the position read. */
	uint64_t head = __atomic_load_n(&b->head, __ATOMIC_ACQUIRE);
	long n = 0;

	while (tail != head && !*stop) {
		const struct perf_rec *rec = (const struct perf_rec *)
			&b->data[tail % EB_BPF_PERF_BUF_SIZE];
		bool sample = rec->len != PERF_REC_PAD;

		*stop = sample && rd->sample(rd->arg, cpu, rec + 1, rec->len) < 0;
		n += sample;
		tail += rec->room;
		/* Release: the record is read before the writer reuses its
		 * room. */
		__atomic_store_n(&b->tail, tail, __ATOMIC_RELEASE);
	}
	return n;
}

long
eb_bpf_perf_event_consume(struct bpf_map *map,
			  const struct eb_bpf_perf_reader *rd)
{
	struct perf_array *a;
	bool stop = false;
	long n = 0;

	if (!map || !rd || !rd->sample ||
	    map->map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EINVAL;
	a = map->data;
	for (unsigned cpu = 0; cpu < EB_MAX_CPUS && !stop; cpu++) {
		struct perf_buf *b = a->buf[cpu];

		if (!b)
			continue;
		uint64_t lost = __atomic_load_n(&b->lost, __ATOMIC_RELAXED);
		if (lost != b->lost_told && rd->lost)
			rd->lost(rd->arg, cpu, lost - b->lost_told);
		b->lost_told = lost;
		n += perf_buf_read(b, cpu, rd, &stop);
	}
	return n;
}
