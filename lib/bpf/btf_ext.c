/*
 * The .BTF.ext reader (btf_ext.h): the header's bounds, then each
 * sub-section's record size and section groups, checked as libbpf's
 * btf_ext_parse does, so that walking the CO-RE records later reads
 * nothing outside the section.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/btf_ext.h"

/* The header; core_relo_off/len are there when hdr_len covers them. */
struct btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len;
};

#define HDR_MIN_LEN	offsetof(struct btf_ext_header, core_relo_off)

/* A section group's head, then its records (btf_ext_info_sec). */
struct btf_ext_info_sec {
	uint32_t sec_name_off;
	uint32_t num_info;
};

/* A sub-section: its name for messages and its smallest record. */
struct sub {
	const char *name;
	uint32_t off, len;		/* from the header, after it */
	uint32_t min_rec_size;
	bool core;			/* core_relo: where its groups are kept */
};

/* Checks sub-section s of ext's data; for core_relo, records where its
 * groups are. */
static int
check_sub(struct btf_ext *ext, const struct btf *btf, const struct sub *s,
	  uint32_t hdr_len, char *err, size_t errsize)
{
	uint64_t start = (uint64_t)hdr_len + s->off, pos;
	uint32_t rec_size;

	if (!s->len)
		return 0;
	if (s->off % 4 || start + s->len > ext->len) {
		eb_snprintf(err, errsize, "section '.BTF.ext': %s at offset 0x%llx, %u bytes: not 4-aligned inside the %u bytes",
			    s->name, (unsigned long long)start, s->len, ext->len);
		return -EINVAL;
	}
	if (s->len < 4) {
		eb_snprintf(err, errsize, "section '.BTF.ext': %s at offset 0x%llx has no record size",
			    s->name, (unsigned long long)start);
		return -EINVAL;
	}
	memcpy(&rec_size, ext->data + start, 4);
	if (rec_size < s->min_rec_size || rec_size % 4) {
		eb_snprintf(err, errsize, "section '.BTF.ext': %s at offset 0x%llx: record size %u (at least %u, 4-aligned)",
			    s->name, (unsigned long long)start, rec_size, s->min_rec_size);
		return -EINVAL;
	}
	for (pos = start + 4; pos < start + s->len;) {
		struct btf_ext_info_sec is;

		if (start + s->len - pos < sizeof(is)) {
			eb_snprintf(err, errsize, "section '.BTF.ext': %s at offset 0x%llx: section header cut short",
				    s->name, (unsigned long long)pos);
			return -EINVAL;
		}
		memcpy(&is, ext->data + pos, sizeof(is));
		if (!is.num_info || is.sec_name_off >= btf->strs_len ||
		    (uint64_t)is.num_info * rec_size > start + s->len - pos - sizeof(is)) {
			eb_snprintf(err, errsize, "section '.BTF.ext': %s at offset 0x%llx: %u records of %u bytes (section name at %u) do not fit its %u bytes",
				    s->name, (unsigned long long)pos, is.num_info, rec_size,
				    is.sec_name_off, s->len);
			return -EINVAL;
		}
		pos += sizeof(is) + (uint64_t)is.num_info * rec_size;
	}
	if (s->core) {
		ext->core_off = start + 4;
		ext->core_len = s->len - 4;
		ext->core_rec_size = rec_size;
	}
	return 0;
}

/* Checks .BTF.ext (btf_ext.h). */
int
eb_btf_ext_parse(struct btf_ext *ext, const struct btf *btf, const void *data,
		 size_t len, char *err, size_t errsize)
{
	struct btf_ext_header h = { 0 };
	int r;

	memset(ext, 0, sizeof(*ext));
	ext->data = data;
	ext->len = len;
	if (len < HDR_MIN_LEN) {
		eb_snprintf(err, errsize, "section '.BTF.ext': %zu bytes, shorter than its header",
			    len);
		return -EINVAL;
	}
	memcpy(&h, data, HDR_MIN_LEN);
	if (h.magic != BTF_MAGIC || h.version != 1 || h.flags) {
		eb_snprintf(err, errsize, "section '.BTF.ext': magic 0x%x, version %u, flags 0x%x: not 0x%x, 1, 0",
			    h.magic, h.version, h.flags, BTF_MAGIC);
		return -EINVAL;
	}
	if (h.hdr_len < HDR_MIN_LEN || h.hdr_len > len || h.hdr_len % 4) {
		eb_snprintf(err, errsize, "section '.BTF.ext': header length %u (at least %zu, 4-aligned, inside the %zu bytes)",
			    h.hdr_len, HDR_MIN_LEN, len);
		return -EINVAL;
	}
	if (h.hdr_len >= sizeof(h))
		memcpy(&h, data, sizeof(h));
	const struct sub subs[] = {
		{ "func_info", h.func_info_off, h.func_info_len, 8, false },
		{ "line_info", h.line_info_off, h.line_info_len, 16, false },
		{ "core_relo", h.core_relo_off, h.core_relo_len,
		  sizeof(struct bpf_core_relo), true },
	};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if ((r = check_sub(ext, btf, &subs[i], h.hdr_len, err, errsize)))
			return r;
	return 0;
}

/* The core_relo group at *pos (btf_ext.h). */
bool
eb_btf_ext_next_core(const struct btf_ext *ext, const struct btf *btf,
		     uint32_t *pos, struct btf_ext_sec *sec)
{
	struct btf_ext_info_sec is;

	if (*pos >= ext->core_len)
		return false;
	memcpy(&is, ext->data + ext->core_off + *pos, sizeof(is));
	sec->name = eb_btf_str(btf, is.sec_name_off);
	sec->off = ext->core_off + *pos + sizeof(is);
	sec->recs = ext->data + sec->off;
	sec->nr = is.num_info;
	sec->rec_size = ext->core_rec_size;
	*pos += sizeof(is) + is.num_info * ext->core_rec_size;
	return true;
}
