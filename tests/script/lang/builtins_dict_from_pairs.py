print(dict([('a', 1), ('b', 2)]))
print(dict(zip(['k1', 'k2'], [10, 20])))
print(dict([['x', 0]], y=1))
print(dict(enumerate('ab')))
try:
    dict(5)
except TypeError as e:
    print(type(e).__name__, e)
