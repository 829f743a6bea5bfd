print('aaa'.replace('a', 'b'), 'aaa'.replace('a', 'b', 2), 'abc'.replace('x', 'y'))
print('abc'.replace('', '-'), 'hello'.replace('l', ''), 'a.b.c'.replace('.', '::'))
print('[' + 'hi'.center(6) + ']', '[' + 'hi'.center(7, '*') + ']', '[' + 'hello'.center(3) + ']')
print('[' + 'hi'.ljust(5) + ']', '[' + 'hi'.rjust(5) + ']', '[' + 'hi'.ljust(5, '.') + ']')
print('42'.zfill(5), '-42'.zfill(5), '+7'.zfill(4), 'abc'.zfill(2), ''.zfill(3))
print('[' + 'odd'.center(6) + ']', '[' + 'ab'.center(5) + ']')
try:
    'x'.center(5, 'ab')
except TypeError as e:
    print(type(e).__name__, e)
try:
    'x'.rjust(5, 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    'x'.zfill('a')
except TypeError as e:
    print(type(e).__name__, e)
try:
    'x'.replace(1, 'a')
except TypeError as e:
    print(type(e).__name__, e)
