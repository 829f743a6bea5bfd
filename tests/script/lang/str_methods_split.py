print('a b  c'.split())
print('  lead and trail  '.split())
print('a,b,,c'.split(','))
print('a,b,c'.split(',', 1))
print('a::b::c'.split('::'))
print(''.split(), ''.split(','))
print('one'.split(','))
print('a b c d'.split(None, 2))
print('a b c d'.split(maxsplit=1))
print('a-b-c'.split(sep='-'))
print('a,b,c'.rsplit(',', 1))
print('a b  c '.rsplit())
print('a b c'.rsplit(None, 1))
print('line1\nline2\r\nline3'.split('\n'))
print('tab\tsep\nnl'.split())
try:
    'x'.split('')
except ValueError as e:
    print(type(e).__name__, e)
try:
    'x'.split(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    'x'.rsplit(sep=2)
except TypeError as e:
    print(type(e).__name__, e)
