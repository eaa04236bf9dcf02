# float formatting and parsing: repr, format specs, rounding, decimal, fractions
from decimal import Decimal, getcontext
from fractions import Fraction
vals = [0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e-5, 123456789.123456789, 5e-324,
        1.7976931348623157e308, -0.0, float("inf"), float("nan"), 2.5, 3.5, -2.5, 1e22, 1e23]
for v in vals:
    print(repr(v), str(v), "%.3f" % v, "%e" % v, "%g" % v, format(v, ".17g"), format(v, ",.2f"),
          round(v) if v == v and abs(v) != float("inf") else "-", round(v, 2))
print(float("0.1e1"), float("  -12.5e-3 "), float("1_000.5"), float.fromhex("0x1.8p3"), (0.1).hex())
print(sum(0.1 for _ in range(10)), sum([1e100, 1.0, -1e100]), (2 ** 0.5) ** 2)
getcontext().prec = 50
print(Decimal(1) / Decimal(7), Decimal("0.1") + Decimal("0.2"), Decimal(0.1))
print(Fraction(3, 7) + Fraction(1, 3), Fraction(0.75), Fraction("1.25").limit_denominator(10))
print(int(1e18), int(-2.9), 7 // -2, -7 % 3, divmod(-7.5, 2), pow(3, 200, 1000007), 10 ** 40 // 7)
print("{:>12.4f}|{:<10.2e}|{:^9.3g}|{:+d}|{:08.2f}|{:x}|{:o}|{:b}".format(3.14159, 12345.678, 0.000123, 42, -3.5, 255, 8, 10))
