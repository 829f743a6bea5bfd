for i, c in enumerate('abc'):
    print(i, c)
print(list(enumerate(['x', 'y'])))
print(list(enumerate(['x', 'y'], 1)))
print(list(enumerate([])))
print(list(zip([1, 2, 3], 'ab')))
print(list(zip()))
print(list(zip([1, 2])))
print(list(zip([1, 2], [3, 4], [5, 6])))
for a, b in zip(range(3), 'xyz'):
    print(a, b, sep=':')
names = ['a', 'b']
try:
    zip(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
