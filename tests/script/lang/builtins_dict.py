print(dict())
print(dict(a=1, b=2))
print(dict({'x': 1}))
d = {'x': 1}
e = dict(d, y=2)
print(d, e)
print(dict([('a', 1), ('b', 2)]))
print(dict(zip(['k1', 'k2'], [10, 20])))
try:
    dict(5)
except TypeError as e:
    print(type(e).__name__, e)
