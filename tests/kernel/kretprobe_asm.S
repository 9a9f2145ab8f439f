/*
 * Functions for the kretprobes suite, written out so the frames and the
 * return addresses the tests check are exactly these: recursion,
 * a call whose return is handed to another hart, and a backtrace taken
 * below a traced call. Each keeps a frame pointer (s0) like the kernel's
 * C code, so backtraces walk them.
 */
	.text
	.option norelax

.macro FUNC name
	.balign 4
	.globl \name
	.type \name, @function
\name:
.endm

.macro ENDFUNC name
	.size \name, . - \name
.endm

.macro PROLOGUE
	addi sp, sp, -16
	sd ra, 8(sp)
	sd s0, 0(sp)
	addi s0, sp, 16
.endm

.macro EPILOGUE
	ld ra, 8(sp)
	ld s0, 0(sp)
	addi sp, sp, 16
	ret
.endm

/* unsigned long kr_recurse(unsigned long n): n, from n nested calls. */
FUNC kr_recurse
	PROLOGUE
	beqz a0, 1f
	addi a0, a0, -1
	call kr_recurse
	.globl kr_recurse_ret
kr_recurse_ret:
	addi a0, a0, 1
1:	EPILOGUE
ENDFUNC kr_recurse

/*
 * A call that leaves without returning, and its return taken later,
 * maybe on another hart: how a suspended task resumed elsewhere returns.
 *
 * kr_stash_call(save) calls kr_stash(save, cont), which stores the
 * address it was told to return to (a trampoline when traced) in *save
 * and goes straight on to cont, the label after the call: the traced
 * call stays in flight. kr_resume(tramp, value) later "returns" from it
 * with value, on its own stack: its frame is laid out like
 * kr_stash_call's, so the return lands at kr_stash_ret and
 * kr_stash_call's epilogue returns from kr_resume instead.
 */
FUNC kr_stash_call
	PROLOGUE
	la a1, kr_stash_ret
	call kr_stash
	.globl kr_stash_ret
kr_stash_ret:
	EPILOGUE
ENDFUNC kr_stash_call

FUNC kr_stash
	sd ra, 0(a0)
	li a0, 0
	jr a1
ENDFUNC kr_stash

FUNC kr_resume
	PROLOGUE
	mv t0, a0
	mv a0, a1
	jr t0
ENDFUNC kr_resume

/* unsigned long kr_tail(unsigned long n): 7, after n tail calls back
 * to itself through kr_tail_back, as a compiler's sibling calls make
 * them: its entry is hit again with the first hit's return address. */
FUNC kr_tail
	beqz a0, 1f
	addi a0, a0, -1
	tail kr_tail_back
1:	li a0, 7
	ret
ENDFUNC kr_tail

FUNC kr_tail_back
	tail kr_tail
ENDFUNC kr_tail_back

/* int kr_bt_outer(unsigned long *out, int max): backtrace_save() from
 * two calls down; kr_bt_inner keeps its return address in kr_bt_seen_ra. */
FUNC kr_bt_outer
	PROLOGUE
	call kr_bt_inner
	.globl kr_bt_outer_ret
kr_bt_outer_ret:
	EPILOGUE
ENDFUNC kr_bt_outer

FUNC kr_bt_inner
	PROLOGUE
	la t0, kr_bt_seen_ra
	sd ra, 0(t0)
	call backtrace_save
	EPILOGUE
ENDFUNC kr_bt_inner

	.bss
	.balign 8
	.globl kr_bt_seen_ra
kr_bt_seen_ra:
	.dword 0
