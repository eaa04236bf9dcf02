# case patterns: globs, alternatives, character classes, fallthrough order
classify() {
    case "$1" in
        [0-9]|[0-9][0-9]) echo "$1: small number" ;;
        *[!0-9]*|'') echo "$1: not a number" ;;
        *) echo "$1: big number" ;;
    esac
}
for v in 7 42 12345 abc 4x ''; do classify "$v"; done
for f in a.tar.gz b.c c.h README x.TXT; do
    case $f in
        *.tar.gz|*.tgz) echo "$f tarball" ;;
        *.[ch]) echo "$f C source" ;;
        *.[Tt][Xx][Tt]) echo "$f text" ;;
        *) echo "$f other" ;;
    esac
done
