s = set([3, 1, 3, 2])
print(sorted(s), len(s), 1 in s, 5 in s)
e = set()
print(e, len(e))
e.add('x')
e.add('x')
print(e)
print(sorted({1, 2} | {2, 3}), sorted({1, 2} & {2, 3}), sorted({1, 2} - {2}))
t = {4, 5}
t.discard(4)
t.remove(5)
print(t)
try:
    t.remove(9)
except KeyError as err:
    print(type(err).__name__, err)
