#!/bin/sh
# Emits the kernel's symbol table as assembly for the .kallsyms section:
# every function (nm types t/T/W) sorted by address, with its size (from
# the symbol, or up to the next function when the symbol has none).
#   tools/kallsyms.sh NM ELF > kallsyms.S      (ELF empty: an empty table)
nm=$1 elf=$2
{ [ -n "$elf" ] && "$nm" -n -S --defined-only "$elf"; } | awk '
BEGIN { n = 0 }
$NF ~ /^_e?text$/ { next }	# linker-script markers, not functions
NF == 4 && $3 ~ /^[tTW]$/ { addr[n] = $1; size[n] = $2; name[n] = $4; n++; next }
NF == 3 && $2 ~ /^[tTW]$/ { addr[n] = $1; size[n] = ""; name[n] = $3; n++; next }
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_num, kallsyms_addrs, kallsyms_sizes, kallsyms_names"
	print "kallsyms_num:\n\t.dword " n
	print "kallsyms_addrs:"
	for (i = 0; i < n; i++) print "\t.dword 0x" addr[i]
	print "kallsyms_sizes:"
	for (i = 0; i < n; i++) {
		s = size[i]
		if (s == "")
			s = (i + 1 < n) ? sprintf("0x%x", hex(addr[i + 1]) - hex(addr[i])) : "0"
		else
			s = "0x" s
		print "\t.dword " s
	}
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.dword .Lname" i
	for (i = 0; i < n; i++) print ".Lname" i ":\t.asciz \"" name[i] "\""
}
function hex(s,   v, i, c) {
	v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}'
