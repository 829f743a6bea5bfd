it = iter([1, 2, 3])
print(next(it))
print(next(it))
print(next(it))
print(next(it, 'done'))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, repr(str(e)))
s = iter('ab')
print(next(s), next(s), next(s, None))
def counter():
    yield 10
    yield 20
g = counter()
print(next(g), next(g), next(g, 'end'))
it2 = iter((5, 6))
for v in it2:
    print('for', v)
d = iter({'k': 1, 'j': 2})
print(next(d), next(d))
try:
    next([1])
except TypeError as e:
    print(type(e).__name__, e)
