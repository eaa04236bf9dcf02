# big integers, sorting, struct, collections, string methods, generators
import struct, collections, itertools, sys
n = 1
for i in range(1, 300):
    n *= i
print(len(str(n)), n % 1000000007, n.bit_length(), hex(n)[:40])
print(pow(2, 521) - 1, (10 ** 50 + 7) // 13, -(10 ** 30) // 7, (3 ** 100).to_bytes(20, "big").hex())
words = open("big.txt").read().split()
c = collections.Counter(words)
print(c.most_common(8), len(c))
print(sorted(set(words), key=lambda w: (-len(w), w))[:10])
print(struct.pack("<iqdf3sH", -2, 2 ** 40, 1.5, 0.25, b"abc", 65535).hex())
print(struct.unpack(">IhQd", bytes(range(22))))
print("-".join(itertools.islice(itertools.permutations("abcd"), 5).__next__()), list(itertools.accumulate(range(10))))
print("Hello World".swapcase(), "  pad ".center(12, "*"), "a,b,,c".split(","), "x".join("abc"), "%-6s|%6.2f|%c" % ("ab", 2.345, 65))
print(sys.byteorder, sys.maxsize, sys.float_info.epsilon, sys.int_info.bits_per_digit)
def gen(n):
    a, b = 0, 1
    for _ in range(n):
        yield a
        a, b = b, a + b
print(sum(gen(200)), list(gen(15)))
print(sorted([3.5, -1, 2 ** 63, 0.0, -0.5, 7]), sorted("The Quick brown fox".split(), key=str.lower))
