# perl: regexes, hashes, sort, sprintf, pack/unpack, string ops on generated text
use strict; use warnings;
open(my $fh, '<', 'big.txt') or die "open: $!";
my (%count, $lines, $digits);
while (my $l = <$fh>) {
    $lines++;
    $count{$_}++ for ($l =~ /\b([a-z]{4,})\b/g);
    $digits += $_ for ($l =~ /(\d+)/g);
}
close $fh;
my @top = (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count)[0..9];
print "$lines lines, $digits digit sum\n";
printf "%-10s %6d\n", $_, $count{$_} for @top;
printf "%.10f %e %g %x %o %b %s\n", atan2(1, 1) * 4, 12345.6789, 0.0001234, 255, 8, 10, 1e21;
my $packed = pack("NnCa4w", 0xdeadbeef, 513, 7, "abcd", 300);
print unpack("H*", $packed), " ", join(",", unpack("NnCa4w", $packed)), "\n";
my $s = "The quick brown fox jumps over the lazy dog";
(my $t = $s) =~ tr/a-z/A-Z/;
print scalar reverse($s), "\n", $t, "\n", join("|", map { ucfirst } split / /, $s), "\n";
print join(",", map { sprintf "%.3f", sqrt($_) + sin($_) } 1..8), "\n";
my $x = 1; $x *= $_ for 1..25; print "$x ", 2**53 + 1, " ", 9**20, " ", int(-7/2), " ", -7 % 3, "\n";
