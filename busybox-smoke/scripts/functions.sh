# functions, local variables, return status, recursion
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }
fib() { local a=0 b=1 i=0 t; while [ $i -lt $1 ]; do t=$((a + b)); a=$b; b=$t; i=$((i + 1)); done; echo $a; }
isodd() { return $(( ($1 + 1) % 2 )); }
x=global
shadow() { local x=local; echo "in: $x"; }
echo "fact 10 = $(fact 10)"
echo "fib 50 = $(fib 50)"
for n in 1 2 7 10; do if isodd $n; then echo "$n odd"; else echo "$n even"; fi; done
shadow; echo "out: $x"
count_args() { echo "$# args, first=$1, all=$*"; }
count_args one "two three" four
