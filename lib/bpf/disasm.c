/*
 * Disassembler, and with it the one check of instruction encodings: an
 * instruction is valid if it decodes here. RFC 9669 fixes which fields
 * each opcode uses; the others must be zero (Linux refuses them as
 * "reserved fields"), so that they stay free for future extensions.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <stdarg.h>
#include "bpf/disasm.h"
#include "bpf/helpers.h"

/* Names by BPF_OP() >> 4; NULL where the class has no such operation. */
const char *const bpf_alu_names[16] = {
	"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
	"neg", "mod", "xor", "mov", "arsh", NULL, NULL, NULL,
};
const char *const bpf_jmp_names[16] = {
	"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge",
	NULL, NULL, "jlt", "jle", "jslt", "jsle", NULL, NULL,
};
/* Memory access suffixes by BPF_SIZE() >> 3. */
const char *const bpf_size_names[4] = { "w", "h", "b", "dw" };

static int
bad(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eb_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
emit(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eb_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return 1;
}

/* "+3", "-2": jump offsets and memory offsets always carry a sign. */
static const char *
sign(long v)
{
	return v < 0 ? "" : "+";
}

/* Checks that the fields not in `used` ("dsio": dst, src, imm, off) are
 * zero and the registers in it exist. Returns 0 or -EINVAL with why. */
static int
fields(const struct bpf_insn *in, const char *used, char *buf, size_t size)
{
	int d = 0, s = 0, i = 0, o = 0;

	for (; *used; used++) {
		d |= *used == 'd';
		s |= *used == 's';
		i |= *used == 'i';
		o |= *used == 'o';
	}
	if (!d && in->dst_reg)
		return bad(buf, size, "reserved field dst_reg is %u, not 0",
			   in->dst_reg);
	if (!s && in->src_reg)
		return bad(buf, size, "reserved field src_reg is %u, not 0",
			   in->src_reg);
	if (!i && in->imm)
		return bad(buf, size, "reserved field imm is %d, not 0",
			   in->imm);
	if (!o && in->off)
		return bad(buf, size, "reserved field off is %d, not 0",
			   in->off);
	if (in->dst_reg > BPF_REG_10)
		return bad(buf, size, "register r%u does not exist",
			   in->dst_reg);
	if (in->src_reg > BPF_REG_10)
		return bad(buf, size, "register r%u does not exist",
			   in->src_reg);
	return 0;
}

static int
invalid_opcode(const struct bpf_insn *in, char *buf, size_t size)
{
	return bad(buf, size, "invalid opcode 0x%02x", in->code);
}

/*
 * ALU, ALU64:  op (4 bits) | source (1 bit) | class (3 bits)
 * sdiv/smod: off = 1; movsx: off = 8, 16 (or 32 in ALU64), register source;
 * END: width in imm; ALU source bit picks le (0) or be (1), ALU64 is bswap.
 */
static int
alu(const struct bpf_insn *in, char *buf, size_t size)
{
	int is64 = BPF_CLASS(in->code) == BPF_ALU64;
	int x = BPF_SRC(in->code) == BPF_X;
	const char *name = bpf_alu_names[BPF_OP(in->code) >> 4];
	const char *w = is64 ? "" : "32";
	const char *sx = "";
	const char *used = x ? "dso" : "dio";
	int r;

	switch (BPF_OP(in->code)) {
	case BPF_END:
		if (is64 && x)
			return invalid_opcode(in, buf, size);
		if ((r = fields(in, "di", buf, size)))
			return r;
		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return bad(buf, size, "byte swap width %d is not 16, 32 or 64",
				   in->imm);
		return emit(buf, size, "%s%d %%r%u",
			    is64 ? "bswap" : x ? "be" : "le", in->imm,
			    in->dst_reg);
	case BPF_NEG:
		if (x)
			return invalid_opcode(in, buf, size);
		if ((r = fields(in, "d", buf, size)))
			return r;
		return emit(buf, size, "neg%s %%r%u", w, in->dst_reg);
	case BPF_DIV:
	case BPF_MOD:
		if (in->off != 0 && in->off != 1)
			return bad(buf, size, "offset %d of %s is not 0 (unsigned) or 1 (signed)",
				   in->off, name);
		sx = in->off ? "s" : "";
		break;
	case BPF_MOV:
		if (!x || !in->off) {
			used = x ? "ds" : "di";
			break;
		}
		if (in->off != 8 && in->off != 16 && !(is64 && in->off == 32))
			return bad(buf, size, "movsx%s from %d bits is not defined",
				   is64 ? "64" : "32", in->off);
		if ((r = fields(in, "dso", buf, size)))
			return r;
		return emit(buf, size, "movsx%d%s %%r%u, %%r%u", in->off,
			    is64 ? "64" : "32", in->dst_reg, in->src_reg);
	default:
		if (!name)
			return invalid_opcode(in, buf, size);
		used = x ? "ds" : "di";
	}
	if ((r = fields(in, used, buf, size)))
		return r;
	if (x)
		return emit(buf, size, "%s%s%s %%r%u, %%r%u", sx, name, w,
			    in->dst_reg, in->src_reg);
	return emit(buf, size, "%s%s%s %%r%u, %d", sx, name, w, in->dst_reg,
		    in->imm);
}

/* call: a helper by id, callx (the id in a register: Linux puts it in
 * dst), a local call (target in imm); kfuncs are refused. */
static int
call(const struct bpf_insn *in, char *buf, size_t size)
{
	char name[BPF_FUNC_STR_SIZE];
	int r;

	if (BPF_SRC(in->code) == BPF_X) {
		if ((r = fields(in, "d", buf, size)))
			return r;
		return emit(buf, size, "call %%r%u", in->dst_reg);
	}
	if (in->src_reg == BPF_PSEUDO_CALL) {
		if ((r = fields(in, "si", buf, size)))
			return r;
		return emit(buf, size, "call local %s%d", sign(in->imm),
			    in->imm);
	}
	if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
		return bad(buf, size, "kfunc calls are not supported");
	if ((r = fields(in, "i", buf, size)))
		return r;
	/* Linux's name; the assembler reads it back, its "#id" a comment */
	if (bpf_func_id_name((uint32_t)in->imm))
		return emit(buf, size, "call %s", bpf_func_id_str(
				    (uint32_t)in->imm, name, sizeof(name)));
	return emit(buf, size, "call %d", in->imm);
}

/*
 * JMP, JMP32: op | source | class. Targets are relative to the next
 * instruction: off, or imm for JMP32 ja (gotol) and local calls.
 */
static int
jmp(const struct bpf_insn *in, char *buf, size_t size)
{
	int is32 = BPF_CLASS(in->code) == BPF_JMP32;
	int x = BPF_SRC(in->code) == BPF_X;
	const char *name = bpf_jmp_names[BPF_OP(in->code) >> 4];
	const char *w = is32 ? "32" : "";
	int r;

	switch (BPF_OP(in->code)) {
	case BPF_JA:
		if (x)
			return invalid_opcode(in, buf, size);
		if (is32) {
			if ((r = fields(in, "i", buf, size)))
				return r;
			return emit(buf, size, "ja32 %s%d", sign(in->imm),
				    in->imm);
		}
		if ((r = fields(in, "o", buf, size)))
			return r;
		return emit(buf, size, "ja %s%d", sign(in->off), in->off);
	case BPF_CALL:
		if (is32)
			return invalid_opcode(in, buf, size);
		return call(in, buf, size);
	case BPF_EXIT:
		if (is32 || x)
			return invalid_opcode(in, buf, size);
		if ((r = fields(in, "", buf, size)))
			return r;
		return emit(buf, size, "exit");
	}
	if (!name)
		return invalid_opcode(in, buf, size);
	if ((r = fields(in, x ? "dso" : "dio", buf, size)))
		return r;
	if (x)
		return emit(buf, size, "%s%s %%r%u, %%r%u, %s%d", name, w,
			    in->dst_reg, in->src_reg, sign(in->off), in->off);
	return emit(buf, size, "%s%s %%r%u, %d, %s%d", name, w, in->dst_reg,
		    in->imm, sign(in->off), in->off);
}

/*
 * lddw: two slots; the second has only imm (the upper 32 bits). src_reg
 * says what the constant is: a number, a map or map value to relocate, or
 * a subprogram's address (imm: its first insn - this one's - 1).
 */
static int
lddw(const struct bpf_insn *insns, size_t idx, size_t len, char *buf,
     size_t size)
{
	const struct bpf_insn *in = &insns[idx], *hi = &insns[idx + 1];
	int r;

	if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
		return invalid_opcode(in, buf, size);
	if ((r = fields(in, "dsi", buf, size)))
		return r;
	if (idx + 1 >= len)
		return bad(buf, size, "lddw without its second slot");
	if (hi->code || hi->dst_reg || hi->src_reg || hi->off)
		return bad(buf, size, "second slot of lddw has fields other than imm set");
	switch (in->src_reg) {
	case 0:
		eb_snprintf(buf, size, "lddw %%r%u, 0x%llx", in->dst_reg,
			    (unsigned long long)(uint32_t)in->imm |
			    (unsigned long long)(uint32_t)hi->imm << 32);
		return 2;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		if (hi->imm)
			return bad(buf, size, "second slot of lddw map has imm set");
		eb_snprintf(buf, size, "lddw %%r%u, %s(%d)", in->dst_reg,
			    in->src_reg == BPF_PSEUDO_MAP_FD ? "map_fd" : "map_idx",
			    in->imm);
		return 2;
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		eb_snprintf(buf, size, "lddw %%r%u, %s(%d)+%u", in->dst_reg,
			    in->src_reg == BPF_PSEUDO_MAP_VALUE ? "map_value"
								: "map_idx_value",
			    in->imm, (uint32_t)hi->imm);
		return 2;
	case BPF_PSEUDO_FUNC:
		if (hi->imm)
			return bad(buf, size, "second slot of lddw func has imm set");
		eb_snprintf(buf, size, "lddw %%r%u, func(%s%d)", in->dst_reg,
			    sign(in->imm), in->imm);
		return 2;
	}
	return bad(buf, size, "lddw source %u is not supported", in->src_reg);
}

/*
 * LDX, ST, STX: size | mode | class, address = reg + off.
 * Modes: MEM everywhere, MEMSX (sign-extending) for LDX b/h/w, ATOMIC for
 * STX w/dw with the operation in imm.
 */
static int
mem(const struct bpf_insn *in, char *buf, size_t size)
{
	const char *sz = bpf_size_names[BPF_SIZE(in->code) >> 3];
	int mode = BPF_MODE(in->code);
	int r;

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		if (mode != BPF_MEM &&
		    !(mode == BPF_MEMSX && BPF_SIZE(in->code) != BPF_DW))
			return invalid_opcode(in, buf, size);
		if ((r = fields(in, "dso", buf, size)))
			return r;
		return emit(buf, size, "ldx%s%s %%r%u, [%%r%u%s%d]",
			    mode == BPF_MEMSX ? "s" : "", sz, in->dst_reg,
			    in->src_reg, sign(in->off), in->off);
	case BPF_ST:
		if (mode != BPF_MEM)
			return invalid_opcode(in, buf, size);
		if ((r = fields(in, "dio", buf, size)))
			return r;
		return emit(buf, size, "st%s [%%r%u%s%d], %d", sz, in->dst_reg,
			    sign(in->off), in->off, in->imm);
	}
	if (mode == BPF_MEM) {
		if ((r = fields(in, "dso", buf, size)))
			return r;
		return emit(buf, size, "stx%s [%%r%u%s%d], %%r%u", sz,
			    in->dst_reg, sign(in->off), in->off, in->src_reg);
	}
	if (mode != BPF_ATOMIC ||
	    (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW))
		return invalid_opcode(in, buf, size);
	if ((r = fields(in, "dsio", buf, size)))
		return r;
	const char *w = BPF_SIZE(in->code) == BPF_W ? "32" : "";
	const char *fetch = in->imm & BPF_FETCH ? "fetch " : "";
	switch (in->imm) {
	case BPF_ADD: case BPF_ADD | BPF_FETCH:
	case BPF_OR: case BPF_OR | BPF_FETCH:
	case BPF_AND: case BPF_AND | BPF_FETCH:
	case BPF_XOR: case BPF_XOR | BPF_FETCH:
		return emit(buf, size, "lock %s%s%s [%%r%u%s%d], %%r%u", fetch,
			    bpf_alu_names[in->imm >> 4], w, in->dst_reg,
			    sign(in->off), in->off, in->src_reg);
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return emit(buf, size, "lock %s%s [%%r%u%s%d], %%r%u",
			    in->imm == BPF_XCHG ? "xchg" : "cmpxchg", w,
			    in->dst_reg, sign(in->off), in->off, in->src_reg);
	}
	return bad(buf, size, "invalid atomic operation 0x%x", in->imm);
}

/* Text of insns[idx] or why it is invalid (disasm.h). Any context. */
int
bpf_disasm_insn(const struct bpf_insn *insns, size_t idx, size_t len,
		char *buf, size_t size)
{
	const struct bpf_insn *in;

	if (idx >= len)
		return bad(buf, size, "instruction %zu is past the end", idx);
	in = &insns[idx];
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return alu(in, buf, size);
	case BPF_JMP:
	case BPF_JMP32:
		return jmp(in, buf, size);
	case BPF_LD:
		return lddw(insns, idx, len, buf, size);
	default:
		return mem(in, buf, size);
	}
}
