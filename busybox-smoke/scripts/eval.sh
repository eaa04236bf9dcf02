# eval, indirect variables, command -v / type of builtins, printf builtin
for i in 1 2 3; do eval "var_$i=\$((i * 11))"; done
eval echo "\$var_1 \$var_2 \$var_3"
name=var_2; eval "val=\$$name"; echo "$val"
printf '%5s|%-5s|%05d|%x|%o|%c\n' ab cd 42 255 8 xyz
printf '%s\n' a b c
printf '%.3s %3d%%\n' abcdef 7
command -v echo; type cd
alias ll='echo aliased'; eval ll
