/*
 * The unwinder's table reading (lib/core/cfi.h) on tables written here
 * byte by byte after the LSB's .eh_frame layout: the rows a program
 * gives at each pc (advances, CFA changes, saved registers, restore,
 * remember/restore state), and a clear refusal, nothing read, of what
 * it does not take (expressions, 64-bit entries, personalities,
 * indirect pointers, registers beyond x31, truncated programs). The
 * kernel's own table, as GCC made it, is read whole in suite cfi_unwind.
 */
#include "test.h"
#include "core/cfi.h"
#include <ebreak/errno.h>
#include <string.h>

struct table {
	uint8_t b[256];
	size_t n;
};

static void
put(struct table *t, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		t->b[t->n++] = (uint8_t)(v >> 8 * i);
}

static void
put_bytes(struct table *t, const char *s, size_t n)
{
	memcpy(t->b + t->n, s, n);
	t->n += n;
}

/* Fills in the length of the entry that began at start. */
static void
close_entry(struct table *t, size_t start)
{
	uint32_t len = (uint32_t)(t->n - start - 4);

	memcpy(t->b + start, &len, 4);
}

/* A table of one CIE (augmentation aug, of augn bytes with its NUL,
 * then augmentation data adata of adn bytes; code alignment 1, data
 * alignment -8, ra column 1; initial rule CFA = sp) and one FDE for
 * [0x1000, 0x1040) with instructions ins (absolute 8-byte pointers). */
static void
make(struct table *t, const char *aug, size_t augn, const char *adata,
     size_t adn, const char *ins, size_t insn)
{
	t->n = 0;
	put(t, 0, 4);
	put(t, 0, 4);			/* CIE id */
	put(t, 1, 1);			/* version */
	put_bytes(t, aug, augn);
	put(t, 1, 1);			/* code alignment */
	put(t, 0x78, 1);		/* data alignment -8 */
	put(t, 1, 1);			/* ra */
	if (aug[0] == 'z') {
		put(t, adn, 1);
		put_bytes(t, adata, adn);
	}
	put_bytes(t, "\x0c\x02\x00", 3);	/* DW_CFA_def_cfa sp, 0 */
	close_entry(t, 0);
	size_t fde = t->n;
	put(t, 0, 4);
	put(t, t->n, 4);		/* back to the CIE at 0 */
	put(t, 0x1000, 8);
	put(t, 0x40, 8);
	if (aug[0] == 'z')
		put(t, 0, 1);		/* no augmentation data */
	put_bytes(t, ins, insn);
	close_entry(t, fde);
	put(t, 0, 4);			/* terminator */
}

static int
row_at(struct table *t, uintptr_t pc, struct cfi_row *row, const char **why)
{
	struct cfi_cursor c;
	struct cfi_fde f;
	int r;

	eb_cfi_cursor_init(&c, t->b, t->n);
	if ((r = eb_cfi_next_fde(&c, &f, why)) != 1)
		return r < 0 ? r : -ENOENT;
	if (!CHECK(f.pc_begin == 0x1000 && f.pc_end == 0x1040))
		return -1;
	return eb_cfa_run(&f, pc, row, why);
}

/* A prologue, an epilogue between remember and restore state, and the
 * body again after it. */
static const char program[] =
	"\x42"			/* advance_loc 2 */
	"\x0e\x20"		/* def_cfa_offset 32 */
	"\x42"			/* advance_loc 2 */
	"\x81\x01"		/* offset ra, cfa - 8 */
	"\x89\x02"		/* offset s1 (x9), cfa - 16 */
	"\x02\x10"		/* advance_loc1 16: 0x1014 */
	"\x0a"			/* remember_state */
	"\xc1"			/* restore ra */
	"\x0e\x00"		/* def_cfa_offset 0 */
	"\x42"			/* advance_loc 2: 0x1016 */
	"\x0b";			/* restore_state */

TEST(cfi_rows_follow_the_program)
{
	struct table t;
	struct cfi_row row;
	const char *why = "";

	make(&t, "zR", 3, "\x00", 1, program, sizeof program - 1);
	CHECK(row_at(&t, 0x1000, &row, &why) == 0);
	CHECK(row.cfa_reg == 2 && row.cfa_off == 0);
	CHECK(row.rule[1].how == CFI_SAME);
	CHECK(row_at(&t, 0x1002, &row, &why) == 0);
	CHECK(row.cfa_off == 32 && row.rule[1].how == CFI_SAME);
	CHECK(row_at(&t, 0x1004, &row, &why) == 0);
	CHECK(row.rule[1].how == CFI_OFFSET && row.rule[1].off == -8);
	CHECK(row.rule[9].how == CFI_OFFSET && row.rule[9].off == -16);
	CHECK(row_at(&t, 0x1014, &row, &why) == 0);	/* the epilogue */
	CHECK(row.cfa_off == 0 && row.rule[1].how == CFI_SAME);
	CHECK(row.rule[9].how == CFI_OFFSET);
	CHECK(row_at(&t, 0x1016, &row, &why) == 0);	/* restored */
	CHECK(row.cfa_off == 32 && row.rule[1].how == CFI_OFFSET);
	CHECK(row_at(&t, 0x103f, &row, &why) == 0);
	CHECK(row.cfa_off == 32);
}

/* ins refused with why naming what. */
static void
refused(const char *aug, size_t augn, const char *adata, size_t adn,
	const char *ins, size_t insn, const char *what)
{
	struct table t;
	struct cfi_row row;
	const char *why = "";

	make(&t, aug, augn, adata, adn, ins, insn);
	if (!CHECK(row_at(&t, 0x1020, &row, &why) == -EINVAL) ||
	    !CHECK(strstr(why, what)))
		printf("    %s: %s\n", what, why);
}

TEST(cfi_refuses_what_it_does_not_take)
{
	refused("zR", 3, "\x00", 1, "\x10\x08\x01\x70", 4, "expression");
	refused("zR", 3, "\x00", 1, "\x0f\x01\x70", 3, "expression");
	refused("zR", 3, "\x00", 1, "\x16\x08\x01\x70", 4, "expression");
	refused("zR", 3, "\x00", 1, "\x81", 1, "run past");
	refused("zR", 3, "\x00", 1, "\x05\x28\x01", 3, "register");
	refused("zR", 3, "\x00", 1, "\x3f", 1, "opcode");
	refused("zR", 3, "\x00", 1, "\x0b", 1, "restore_state");
	refused("zR", 3, "\x80", 1, "", 0, "encoding");
	refused("zPR", 4, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 10, "",
		0, "augmentation");

	struct table t = { .n = 0 };
	struct cfi_cursor c;
	struct cfi_fde f;
	const char *why = "";
	put(&t, 0xffffffff, 4);
	put(&t, 0, 8);
	eb_cfi_cursor_init(&c, t.b, t.n);
	CHECK(eb_cfi_next_fde(&c, &f, &why) == -EINVAL && strstr(why, "64-bit"));
	t.n = 0;
	put(&t, 100, 4);		/* longer than the table */
	put(&t, 0, 4);
	eb_cfi_cursor_init(&c, t.b, t.n);
	CHECK(eb_cfi_next_fde(&c, &f, &why) == -EINVAL && strstr(why, "past"));
}
