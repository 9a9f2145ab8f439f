/* Targets for the text-patching tests: each returns 1 until patched. */
	.text
	.option push
	.option norvc
	.balign 4
	.globl patch_target32
patch_target32:		/* a 4-byte instruction to replace */
	addi a0, zero, 1
	ret
	.option pop

	.balign 4
	.globl patch_target16
patch_target16:		/* a 2-byte instruction to replace */
	c.li a0, 1
	ret
