# archive round trip inside one shell script (needs exec)
tar cf t.tar tree && tar tf t.tar | sort
gzip -9 t.tar && ls t.tar.gz && gunzip t.tar.gz
mkdir x && cd x && tar xf ../t.tar && find . | sort && cd ..
md5sum x/tree/a/*.txt | sed 's/ .*//'
bzip2 -c t.tar | bunzip2 | cmp - t.tar && echo bzip2 ok
