#!/bin/sh
# Emits the kernel's symbol table as assembly for the .kallsyms section:
# every function sorted by address, with its size. C functions carry
# their size (ELF FUNC symbols). Assembly labels (NOTYPE) count as
# functions when they do not fall inside a sized function (so a label
# inside one, such as a probe site in a test, is not a function) and are
# sized up to the next function. Linker-script markers (__*, _text,
# _etext) are not functions.
#   tools/kallsyms.sh NM ELF > kallsyms.S      (ELF empty: an empty table)
nm=$1 elf=$2
{ [ -n "$elf" ] && "$nm" -n -f sysv --defined-only "$elf"; } | awk -F'|' '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
function hex(s,   v, i) {
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
BEGIN { n = 0; nf = 0 }
{
	name = trim($1); class = trim($3); type = trim($4)
	if (class !~ /^[tTW]$/ || name ~ /^__/ || name ~ /^_e?text$/)
		next
	a = hex(trim($2))
	if (type == "FUNC") {
		fs[nf] = a; fe[nf] = a + hex(trim($5)); nf++
	} else if (type != "NOTYPE") {
		next
	}
	addr[n] = a; astr[n] = trim($2); name_[n] = name; func_[n] = type == "FUNC"
	size[n] = hex(trim($5)); n++
}
END {
	m = 0
	for (i = 0; i < n; i++) {
		if (!func_[i]) {
			inside = 0
			for (j = 0; j < nf && !inside; j++)
				inside = addr[i] >= fs[j] && addr[i] < fe[j]
			if (inside)
				continue
		}
		ka[m] = addr[i]; kas[m] = astr[i]; kn[m] = name_[i]; kf[m] = func_[i]; ks[m] = size[i]; m++
	}
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_num, kallsyms_addrs, kallsyms_sizes, kallsyms_names"
	print "kallsyms_num:\n\t.dword " m
	print "kallsyms_addrs:"
	for (i = 0; i < m; i++) print "\t.dword 0x" kas[i]
	print "kallsyms_sizes:"
	for (i = 0; i < m; i++) {
		s = ks[i]
		if (!kf[i]) {
			s = 0
			for (j = i + 1; j < m && !s; j++)
				if (ka[j] > ka[i]) s = ka[j] - ka[i]
		}
		printf "\t.dword 0x%x\n", s
	}
	print "kallsyms_names:"
	for (i = 0; i < m; i++) print "\t.dword .Lname" i
	for (i = 0; i < m; i++) print ".Lname" i ":\t.asciz \"" kn[i] "\""
}'
