x = 5
del x
try:
    print(x)
except NameError as e:
    print(type(e).__name__, e)
l = [0, 1, 2, 3, 4, 5]
del l[0]
print(l)
del l[-1]
print(l)
del l[1:3]
print(l)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
try:
    del d['zz']
except KeyError as e:
    print(type(e).__name__, e)
try:
    del l[10]
except IndexError as e:
    print(type(e).__name__, e)
class O:
    pass
o = O()
o.attr = 1
del o.attr
print(hasattr(o, 'attr'))
a, b = 1, 2
del a, b
print('deleted both')
