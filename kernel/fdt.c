/*
 * Just enough of the flattened device tree to boot: RAM, the timer's
 * frequency, and /chosen/bootargs (QEMU's -append).
 */
#include "defs.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

static uint32_t
be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static uint64_t
be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* Whether node name (e.g. "memory@80000000") is called base ("memory"). */
static bool
node_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 && (name[n] == 0 || name[n] == '@');
}

static void
take_prop(struct fdt_info *info, const char *node, const char *prop,
	  const uint8_t *val, uint32_t len)
{
	if (node_is(node, "memory") && strcmp(prop, "reg") == 0 && len >= 16) {
		info->mem_base = be64(val);	/* #address-cells = 2 on virt */
		info->mem_size = be64(val + 8);
	} else if (node_is(node, "cpus") && !strcmp(prop, "timebase-frequency")) {
		info->timebase = len == 8 ? be64(val) : be32(val);
	} else if (node_is(node, "chosen") && strcmp(prop, "bootargs") == 0) {
		info->bootargs = (const char *)val;
	}
}

/* Fill info from the device tree at dtb; fields it lacks stay as given. */
void
fdt_parse(const void *dtb, struct fdt_info *info)
{
	const uint8_t *base = dtb;

	if (!dtb || be32(base) != FDT_MAGIC)
		return;
	const uint8_t *p = base + be32(base + 8);	/* off_dt_struct */
	const char *strings = (const char *)base + be32(base + 12);
	const char *node = "";	/* name of the depth-1 node we are in */
	int depth = 0;

	for (;;) {
		uint32_t tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			if (++depth == 2)
				node = name;
			p += (strlen(name) + 4) & ~3UL;
		} else if (tok == FDT_END_NODE) {
			if (depth-- == 2)
				node = "";
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			if (depth == 2)
				take_prop(info, node, strings + nameoff, p + 8, len);
			p += 8 + ((len + 3) & ~3U);
		} else if (tok != FDT_NOP) {
			return;	/* FDT_END or garbage */
		}
	}
}
