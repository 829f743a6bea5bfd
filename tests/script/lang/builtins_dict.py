print(dict())
print(dict(a=1, b=2))
print(dict({'x': 1}))
d = {'x': 1}
e = dict(d, y=2)
print(d, e)
