d = {'a': 1, 'b': 2}
print(d.get('a'), d.get('z'), d.get('z', 0))
print(d.keys(), d.values(), d.items())
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop('a'), d, d.pop('zz', 'dflt'))
print(d.setdefault('b', 99), d.setdefault('c', 3), d.setdefault('n'), d)
d.update({'x': 10}, y=20)
print(d)
d.update(b=-2)
print(d)
print(sorted(d), len(d))
try:
    d.pop('nope')
except KeyError as e:
    print(type(e).__name__, e)
try:
    d['nope']
except KeyError as e:
    print(type(e).__name__, e)
