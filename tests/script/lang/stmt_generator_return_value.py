def gen():
    yield 1
    return 'result'
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print(type(e).__name__, e.value, e.args, e)
def empty():
    return
    yield
try:
    next(empty())
except StopIteration as e:
    print(repr(e.value), e.args)
