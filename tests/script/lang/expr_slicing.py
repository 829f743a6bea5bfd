s = 'abcdefgh'
print(s[0], s[-1], s[2:5], s[:3], s[5:], s[::2], s[::-1], s[-3:], s[1:-1:3])
print(repr(s[5:2]), repr(s[100:]), s[-100:2])
l = list(range(10))
print(l[2:8:2], l[::-3], l[8:2:-2], l[:], l[-2:])
t = (1, 2, 3, 4)
print(t[1:3], t[::-1])
c = l[:]
c[0] = 'changed'
print(l[0], c[0])
try:
    s[20]
except IndexError as e:
    print(type(e).__name__, e)
try:
    l[20]
except IndexError as e:
    print(type(e).__name__, e)
try:
    t[5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    s[0] = 'z'
except TypeError as e:
    print(type(e).__name__, e)
