class P:
    kind = 'point'
    def __init__(self, x):
        self.x = x
    def show(self):
        return 'P(%d)' % self.x
p = P(3)
print(getattr(p, 'x'), getattr(p, 'kind'), getattr(P, 'kind'))
print(getattr(p, 'missing', 'default'))
print(getattr(p, 'show')())
print(hasattr(p, 'x'), hasattr(p, 'y'), hasattr(p, 'show'), hasattr(P, 'show'))
print(hasattr('s', 'upper'), hasattr([], 'append'), hasattr([], 'nope'))
print(getattr('abc', 'upper')())
try:
    getattr(p, 'y')
except AttributeError as e:
    print(type(e).__name__, e)
try:
    p.nothing
except AttributeError as e:
    print(type(e).__name__, e)
try:
    [].nope
except AttributeError as e:
    print(type(e).__name__, e)
setattr_works = True
p.y = 5
print(getattr(p, 'y'), hasattr(p, 'y'))
