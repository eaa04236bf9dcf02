# traps: EXIT, signals sent to self with the kill builtin, trap reset
trap 'echo "exit trap, status $?"' EXIT
trap 'echo got USR1' USR1
trap 'echo got USR2; trap - USR2' USR2
kill -USR1 $$
kill -USR2 $$
echo "after signals"
trap 'echo got TERM' TERM
kill -TERM $$
trap '' INT
kill -INT $$
echo "INT ignored"
(trap 'echo sub exit' EXIT; echo in subshell)
exit 3
