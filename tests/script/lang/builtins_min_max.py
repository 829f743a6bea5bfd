print(min(3, 1, 2), max(3, 1, 2))
print(min([4, 5, 0]), max([4, 5, 0]))
print(min("hello"), max("hello"))
print(min(2.5, 1), max(2.5, 3))
print(min(['aa', 'b', 'ccc'], key=len), max(['aa', 'b', 'ccc'], key=len))
print(max([(1, 'a'), (1, 'b')]))
print(max({'a': 1, 'z': 0}))
print(min([1, 1.0]), max([1, 1.0]))
print(max([3, 7, 7], key=lambda x: -x))
try:
    min([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    max([])
except ValueError as e:
    print(type(e).__name__, e)
