# pathname expansion in the shell (sorted by the shell itself)
echo tree/*
echo tree/a/*.txt
echo tree/*/[bc]*
echo nomatch*
set -f; echo tree/*; set +f
for f in tree/a/*; do [ -f "$f" ] && echo "file $f"; done
