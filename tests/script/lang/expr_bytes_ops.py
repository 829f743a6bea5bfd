print(b'a' + b'b', b'ab' * 2)
b = b'x'
b += b'y'
print(b, len(b))
print(b'bytes'[1:3])
print(b'abc'[0], b'abc'[-1])
