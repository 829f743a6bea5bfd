def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return 'finished'
print(list(count_up(4)))
g = count_up(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print('StopIteration')
def echo():
    received = None
    while True:
        received = yield received
        if received == 'stop':
            return
        print('got', received)
e = echo()
print(next(e))
print(e.send('a'))
print(e.send('b'))
try:
    e.send('stop')
except StopIteration:
    print('generator returned')
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def closer():
    try:
        yield 1
        yield 2
    finally:
        print('closing')
c = closer()
print(next(c))
c.close()
try:
    echo().send('x')
except TypeError as err:
    print(type(err).__name__, err)
