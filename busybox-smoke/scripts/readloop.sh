# read loops over a file, IFS field splitting, counting
n=0; sum=0
while IFS=, read -r id name score city; do
    [ "$id" = id ] && continue
    n=$((n + 1)); sum=$((sum + score))
    [ $n -le 3 ] && echo "$name from $city scored $score"
done < data.csv
echo "rows=$n sum=$sum avg=$((sum / n))"
