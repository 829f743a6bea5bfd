t = (1, 2, 3)
print(t, t[0], t[-1], len(t))
print((), (1,), (1, 2))
single = 5,
print(single, type(single).__name__)
print(t + (4,))
print(2 in t, 5 in t)
a, b, c = t
print(a + b + c)
print(((1, 2), (3,)))
print(t == (1, 2, 3), t < (1, 2, 4), t == [1, 2, 3])
d = {(0, 0): 'origin'}
print(d[(0, 0)], d[0, 0])
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
try:
    t.append(4)
except AttributeError as e:
    print(type(e).__name__, e)
