# a small report: text applets chained inside one busybox sh (needs exec)
tr -cs 'A-Za-z' '\n' < words.txt | tr 'A-Z' 'a-z' | sort | uniq -c | sort -k1,1nr -k2 | head -n 8
awk -F, 'NR > 1 { s[$4] += $3; c[$4]++ } END { for (k in s) printf "%s %d %.2f\n", k, c[k], s[k] / c[k] }' data.csv | sort
grep -c a words.txt; wc -l < words.txt
sed -n '10,15p' words.txt | cut -c1-12 | rev
