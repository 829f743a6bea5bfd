s = 'hello world, hello'
print(s.find('hello'), s.find('hello', 1), s.find('zzz'), s.find(''), s.find('o', 5, 8))
print(s.rfind('hello'), s.rfind('o'), s.rfind('zzz'), s.rfind('l', 0, 5))
print(s.index('world'), s.count('l'), s.count('hello'), s.count(''), 'aaaa'.count('aa'))
print(s.count('l', 5), s.find('h', -5))
print(s.startswith('hello'), s.startswith('world'), s.startswith(('x', 'he')))
print(s.endswith('hello'), s.endswith(('a', 'b')), ''.startswith(''))
try:
    s.index('nope')
except ValueError as e:
    print(type(e).__name__, e)
try:
    s.find(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.startswith(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.startswith((1,))
except TypeError as e:
    print(type(e).__name__, e)
try:
    s.find('x', 'a')
except TypeError as e:
    print(type(e).__name__, e)
print(s.find('o', None, 6), s.count('l', None, None))
