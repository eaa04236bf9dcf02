# math module: libm results must match bit for bit (printed with repr)
import math
xs = [0.5, 1.0, 2.0, 10.0, 1e-10, 123.456, 0.7853981633974483]
for x in xs:
    print(x, math.sin(x), math.cos(x), math.tan(x), math.exp(x), math.log(x), math.log10(x),
          math.log2(x), math.sqrt(x), math.atan(x), math.sinh(x), math.erf(x), math.gamma(x))
print(math.atan2(1, -1), math.hypot(3, 4), math.pow(2, 0.5), math.fmod(-7.5, 2), math.copysign(1, -0.0))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(2.7), math.isclose(0.1 + 0.2, 0.3), math.fsum([0.1] * 10))
print(math.factorial(30), math.comb(50, 20), math.gcd(2 ** 40, 6 ** 20), math.isqrt(10 ** 30 + 12345))
print(math.frexp(1234.5), math.ldexp(0.75, 12), math.modf(-3.25), math.expm1(1e-10), math.log1p(1e-10))
print(math.asin(0.5), math.acos(0.5), math.acosh(2), math.asinh(1), math.atanh(0.5), math.lgamma(100.5))
print(sum(math.sin(i) * math.cos(i / 3) for i in range(100000)))
