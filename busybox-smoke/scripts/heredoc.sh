# here-documents: expanded, quoted, tab-stripped, fed to builtins
name=world
cat_lines() { while IFS= read -r line; do echo "[$line]"; done; }
cat_lines <<END
hello $name
sum $((2 + 3))
  indented
END
cat_lines <<'END'
literal $name $((1+1)) `x`
END
cat_lines <<-END
	tab stripped $name
	END
read a b c <<EOF2
one two three four
EOF2
echo "a=$a b=$b c=$c"
