# hashlib (OpenSSL and builtin digests) and zlib over generated data
import hashlib, zlib, binascii
data = open("big.bin", "rb").read()
text = open("big.txt", "rb").read()
for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s"):
    print(name, hashlib.new(name, data).hexdigest(), hashlib.new(name, text).hexdigest()[:16])
print("shake", hashlib.shake_128(text).hexdigest(20))
h = hashlib.sha256()
for i in range(0, len(text), 4093):
    h.update(text[i:i + 4093])
print("chunked", h.hexdigest())
print("pbkdf2", hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 2000).hex())
c = zlib.compress(text, 9)
print("zlib", len(c), zlib.crc32(text), zlib.adler32(data), zlib.decompress(c) == text)
print("crc_hqx", binascii.crc_hqx(data, 0))
