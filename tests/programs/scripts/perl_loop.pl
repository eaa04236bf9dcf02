# perl: a CPU loop (string building, hashing, integer math)
my ($acc, %h) = (0);
for my $i (1 .. 300000) {
    $acc = ($acc * 31 + $i) % 1000000007;
    $h{$i % 1000} .= chr(97 + $i % 26) if $i % 7 == 0;
}
my $len = 0; $len += length($h{$_}) for keys %h;
print "$acc $len ", scalar(keys %h), "\n";
