	.section .kallsyms, "a"
	.balign 8
	.globl kallsyms_num, kallsyms_addrs, kallsyms_sizes, kallsyms_names
kallsyms_num:
	.dword 0
kallsyms_addrs:
kallsyms_sizes:
kallsyms_names:
