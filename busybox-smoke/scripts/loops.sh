# for/while/until loops, break/continue, arithmetic counters
i=0; total=0
while [ $i -lt 20 ]; do
    i=$((i + 1))
    [ $((i % 3)) -eq 0 ] && continue
    total=$((total + i * i))
done
echo "while total=$total"
for w in alpha beta gamma delta; do
    case $w in g*) break ;; esac
    printf '%s:%d ' "$w" "${#w}"
done
echo
n=5
until [ $n -eq 0 ]; do printf '%d ' $n; n=$((n - 1)); done
echo
for i in 1 2 3; do for j in a b; do printf '%s%s ' $i $j; done; done
echo
