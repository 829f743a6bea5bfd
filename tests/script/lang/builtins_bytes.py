print(bytes('abc', encoding='utf-8'))
print(b'abc'[0], b'abc'[-1])
print(list(b'hi'))
