print(list())
print(list("abc"))
print(list((1, 2)))
print(list([3, 4]))
print(list({'a': 1, 'b': 2}))
print(list(range(3)))
print(tuple())
print(tuple("ab"))
print(tuple([1, 2, 3]))
print(tuple({'x': 0}))
a = [1, 2]
b = list(a)
b.append(3)
print(a, b)
def gen():
    yield 1
    yield 2
print(list(gen()), tuple(gen()))
try:
    list(5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    tuple(None)
except TypeError as e:
    print(type(e).__name__, e)
