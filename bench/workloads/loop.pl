# CPU-bound Perl: hashes, regexes, string ops, integer math.
my ($acc, %h) = (0);
for my $i (1 .. 3000000) {
    $acc = ($acc * 31 + $i) % 1000000007;
    $h{$i % 5003} .= chr(97 + $i % 26) if $i % 5 == 0;
}
my $n = 0;
for my $k (keys %h) { $n++ while $h{$k} =~ /a[b-e]/g; }
my @s = sort { length($h{$b}) <=> length($h{$a}) || $a <=> $b } keys %h;
print "$acc $n $s[0] $s[-1]\n";
