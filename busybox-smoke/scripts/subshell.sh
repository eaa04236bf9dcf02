# subshells, command substitution, nested quoting, exit statuses
x=1
(x=2; echo "inner x=$x")
echo "outer x=$x"
y=$(echo "a b   c")
echo "[$y]" "[$(echo "$y")]"
z=`echo back tick`
echo "$z" "$(echo $(echo nested $(echo deep)))"
(exit 7); echo "subshell status $?"
{ echo grouped; false; }; echo "group status $?"
v=$( (echo one; echo two) | while read l; do echo "<$l>"; done )
echo "$v"
echo "${#v} chars"
set -- p q r; echo "$# $2 ${3}"
shift; echo "$@"
