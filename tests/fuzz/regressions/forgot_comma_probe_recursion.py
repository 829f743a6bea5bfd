def f(a, b=2, *args, **kwargs):
    return (a, b, args, kwar lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0]:
    try:
        expr()
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
try:
    1 + 'a'
egs)
print(f(1))
print(f(1, 3))
print(f(1, 3, 4, 5))
print(f(1, x=9))
print(f(b=7, a=0))
print(f(*[1, 2, 3]))
print(f(**{'a': 5, 'z': 6}))
def kwonly(a, *, key='k', other):
    return a, key, other
print(kwonly(1, other=2))
print(kwonly(1, key='z', other=3))
def defaults(x, items=Nonms is None:
        items = []
    items.append(x)
    return itemse):
    if items is None:
        items = []
    items.append(x)
    return items
print(defaults(1), defaults(2))
def nothing():
    pass
print(nothi,g())
def e