print('{} {}'.format('a', 'b'))
print('{1} {0} {1}'.format('x', 'y'))
print('{name} is {age}'.format(name='Eve', age=5))
print('{0[0]} {0[1]}'.format(['p', 'q']))
print('{d[key]}'.format(d={'key': 'val'}))
print('{:>6}|{:<6}|{:^6}|'.format('r', 'l', 'c'))
print('{:*^10}'.format('mid'))
print('{:.3f} {:10.2f} {:e}'.format(2 / 3, 3.14159, 12345.6789))
print('{:d} {:5d} {:05d} {:,}'.format(7, 7, 7, 1000000))
print('{:x} {:#b} {:o}'.format(255, 5, 64))
print('{!r} {!s}'.format('s', 's'))
print('{{}} {}'.format('braces'))
print('{:%}'.format(0.5))
print('{0:{1}}|'.format('w', 4))
class P:
    x = 3
print('{0.x}'.format(P()))
try:
    '{} {}'.format('only one')
except IndexError as e:
    print(type(e).__name__, e)
try:
    '{missing}'.format()
except KeyError as e:
    print(type(e).__name__, e)
try:
    '{:d}'.format('s')
except ValueError as e:
    print(type(e).__name__, e)
