sq = lambda x: x * x
print(sq(4))
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
print((lambda: 'no args')())
print(list(map(lambda s: s.upper(), ['a', 'b'])) if False else [s.upper() for s in ['a', 'b']])
def make_counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = make_counter()
print(c(), c(), c())
c2 = make_counter()
print(c2(), c())
def adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders()])
late = [lambda: i for i in range(3)]
print([f() for f in late])
def outer():
    msg = 'hi'
    def inner():
        return msg + '!'
    return inner
print(outer()())
print(sq.__name__, make_counter.__name__)
