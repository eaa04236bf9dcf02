# set -e / set -u behaviour and error exits in subshells
(set -e; echo before; false; echo never) ; echo "set -e subshell status $?"
(set -u; echo "${undefined_var}") 2>/dev/null; echo "set -u status $?"
f() { return 4; }
f || echo "f failed with $?"
if ! f; then echo "negated"; fi
f && echo no || echo "or-branch"
echo done
