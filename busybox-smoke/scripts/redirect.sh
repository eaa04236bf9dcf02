# redirections: append, dup, here-string style, fd juggling, noclobber
echo one > out.txt
echo two >> out.txt
echo err 1>&2 2>/dev/null
{ echo to-stderr >&2; } 2>&1
exec 3> fd3.txt; echo via fd3 >&3; exec 3>&-
while read l; do echo "read: $l"; done < out.txt
while read l; do echo "fd3: $l"; done < fd3.txt
set -C; (echo clobber > out.txt) 2>/dev/null || echo "noclobber refused"
set +C
echo "$(cat_builtin() { while read x; do echo "$x"; done; }; cat_builtin < out.txt)"
