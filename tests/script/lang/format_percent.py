print('%s' % 'str')
print('%s and %s' % ('a', 'b'))
print('%d %i %5d|%-5d|%05d' % (42, 7, 3, 3, 3))
print('%f %.2f %8.3f %e %g %G' % (3.14159, 3.14159, 3.14159, 1234.5, 0.00001, 1e20))
print('%x %X %o %#x %#o' % (255, 255, 8, 255, 8))
print('%r %s' % ('q', 'q'))
print('%c%c' % (65, 'b'))
print('%%' % ())
print('100%% done' % ())
print('%(name)s is %(age)d' % {'name': 'Bob', 'age': 30})
print('%s' % [1, 2])
print('%s' % (None,))
print('%+d %+d % d' % (5, -5, 5))
print('%.3s|%5s|%-5s|' % ('abcdef', 'ab', 'ab'))
print('%d' % 3.9, '%s' % 3.0, '%.0f' % 2.5, '%.0f' % 3.5)
print('%*d|' % (5, 42))
for bad in [('%d', 'x'), ('%s %s', ('a',)), ('%s', ('a', 'b'))]:
    try:
        bad[0] % bad[1]
    except TypeError as e:
        print(type(e).__name__, e)
try:
    '%(k)s' % {}
except KeyError as e:
    print(type(e).__name__, e)
