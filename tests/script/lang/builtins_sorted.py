print(sorted([3, 1, 2]))
print(sorted([3, 1, 2], reverse=True))
print(sorted("banana"))
print(sorted(['pear', 'fig', 'apple'], key=len))
print(sorted(['pear', 'fig', 'apple'], key=len, reverse=True))
print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]))
print(sorted({'b': 1, 'a': 2}))
print(sorted([1.5, -2, 0]))
print(sorted([]))
words = ['b', 'A', 'c', 'B']
print(sorted(words))
print(sorted(words, key=lambda w: w.lower()))
print(sorted([5, 3, 9], key=None))
pairs = [('x', 3), ('y', 1), ('z', 2)]
print(sorted(pairs, key=lambda p: p[1]))
data = [3, 1, 2]
s = sorted(data)
print(data, s)
try:
    sorted([1, 'a'])
except TypeError as e:
    print(type(e).__name__, e)
