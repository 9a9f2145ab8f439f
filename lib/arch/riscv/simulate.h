/*
 * One simulator per instruction the decoder classes INSN_GOOD_NO_SLOT;
 * the decoder's table names them, so a simulated class cannot lack one.
 * Each has the riscv_simulate_fn signature (decode.h): it reads its
 * operands from regs, writes its result there (a write to x0 is dropped),
 * and returns the next pc. Safe in trap context: no locks, no allocation.
 */
#ifndef EBREAK_RISCV_SIMULATE_H
#define EBREAK_RISCV_SIMULATE_H

#include "decode.h"

/* Fill insn's rd, rs1, rs2 and imm from its bits; the decoder calls it
 * for every simulated instruction. */
void riscv_simulate_operands(struct riscv_insn *insn);

riscv_simulate_fn riscv_simulate_auipc;
riscv_simulate_fn riscv_simulate_jal;
riscv_simulate_fn riscv_simulate_jalr;
riscv_simulate_fn riscv_simulate_beq;
riscv_simulate_fn riscv_simulate_bne;
riscv_simulate_fn riscv_simulate_blt;
riscv_simulate_fn riscv_simulate_bge;
riscv_simulate_fn riscv_simulate_bltu;
riscv_simulate_fn riscv_simulate_bgeu;
riscv_simulate_fn riscv_simulate_c_j;
riscv_simulate_fn riscv_simulate_c_jr;
riscv_simulate_fn riscv_simulate_c_jalr;
riscv_simulate_fn riscv_simulate_c_beqz;
riscv_simulate_fn riscv_simulate_c_bnez;

#endif
