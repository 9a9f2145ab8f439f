	.section .rodata
	.balign 8
	.globl user_programs
user_programs:
	.dword name_sh, start_sh, end_sh
	.dword name_echo, start_echo, end_echo
	.dword name_cat, start_cat, end_cat
	.dword name_spin, start_spin, end_spin
	.dword name_sleep, start_sleep, end_sleep
	.dword name_pingpong, start_pingpong, end_pingpong
	.dword name_forkwait, start_forkwait, end_forkwait
	.dword name_fault, start_fault, end_fault
	.dword name_efault, start_efault, end_efault
	.dword name_syscount, start_syscount, end_syscount
	.dword 0, 0, 0
name_sh:	.asciz "sh"
	.balign 8
start_sh:	.incbin "build2/user/sh.elf"
end_sh:
name_echo:	.asciz "echo"
	.balign 8
start_echo:	.incbin "build2/user/echo.elf"
end_echo:
name_cat:	.asciz "cat"
	.balign 8
start_cat:	.incbin "build2/user/cat.elf"
end_cat:
name_spin:	.asciz "spin"
	.balign 8
start_spin:	.incbin "build2/user/spin.elf"
end_spin:
name_sleep:	.asciz "sleep"
	.balign 8
start_sleep:	.incbin "build2/user/sleep.elf"
end_sleep:
name_pingpong:	.asciz "pingpong"
	.balign 8
start_pingpong:	.incbin "build2/user/pingpong.elf"
end_pingpong:
name_forkwait:	.asciz "forkwait"
	.balign 8
start_forkwait:	.incbin "build2/user/forkwait.elf"
end_forkwait:
name_fault:	.asciz "fault"
	.balign 8
start_fault:	.incbin "build2/user/fault.elf"
end_fault:
name_efault:	.asciz "efault"
	.balign 8
start_efault:	.incbin "build2/user/efault.elf"
end_efault:
name_syscount:	.asciz "syscount"
	.balign 8
start_syscount:	.incbin "build2/user/syscount.elf"
end_syscount:
