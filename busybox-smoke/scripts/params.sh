# parameter expansion forms
p=/usr/local/lib/libfoo.so.1.2
echo "${p#*/}" "${p##*/}" "${p%.*}" "${p%%.*}"
echo "${unset:-default}" "${unset-dash}" "${p:+set}" "${#p}"
: ${assigned:=now}; echo "$assigned"
s=HelloWorld
echo "${s:5}" "${s:0:5}" "${s/o/0}" "${s//o/0}"
IFS=:; set -- $(echo a:b::c); echo "$#"; IFS=' '
for f in "$@"; do printf '<%s>' "$f"; done; echo
v="  spaced   out  "; echo [$v] ["$v"]
