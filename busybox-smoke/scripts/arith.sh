# shell arithmetic: precedence, bit ops, negative numbers, 64-bit wrap
echo $(( 7 + 3 * 4 - 10 / 3 ))
echo $(( (7 + 3) * (4 - 10) / 3 ))
echo $(( -17 / 5 )) $(( -17 % 5 )) $(( 17 % -5 ))
echo $(( 1 << 40 )) $(( 0xff ^ 0x0f )) $(( 0x1234 & 0xf0f0 )) $(( 5 | 10 ))
echo $(( 9223372036854775807 + 1 ))
echo $(( 2 ** 62 )) $(( 3 > 2 )) $(( 3 < 2 )) $(( !0 )) $(( ~5 ))
a=5; b=3; echo $(( a > b ? a - b : b - a )); : $(( a += 10 )); echo $a
echo $(( 010 + 0x10 + 10 ))
i=0; while [ $i -lt 1000 ]; do s=$(( ${s:-0} + i * i % 7 )); i=$((i+1)); done; echo $s
