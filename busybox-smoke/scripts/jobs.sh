# background jobs and wait: exit statuses collected in order
(exit 3) & p1=$!
(exit 5) & p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
echo "statuses $s1 $s2"
for i in 1 2 3; do (echo "job $i" > job$i.out) & done
wait
for i in 1 2 3; do read l < job$i.out; echo "$l"; done
