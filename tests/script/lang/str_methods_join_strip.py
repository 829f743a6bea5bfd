print(', '.join(['a', 'b', 'c']))
print(''.join('xyz'))
print('-'.join([]))
print('-'.join(('solo',)))
print('+'.join(str(i) for i in range(4)))
print('|'.join({'k1': 1, 'k2': 2}))
print(repr('  hi  '.strip()), repr('  hi  '.lstrip()), repr('  hi  '.rstrip()))
print(repr('\t\n x \n'.strip()))
print('xxhixx'.strip('x'), 'abcHIcba'.strip('abc'), '..a..'.lstrip('.'), '..a..'.rstrip('.'))
print(repr(''.strip()), repr('xxx'.strip('x')))
print('hi'.strip(None))
try:
    ', '.join(['a', 1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    ''.join(5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    ''.join(['a', None])
except TypeError as e:
    print(type(e).__name__, e)
try:
    'x'.strip(1)
except TypeError as e:
    print(type(e).__name__, e)
