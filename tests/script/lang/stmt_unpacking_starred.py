first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = range(4)
print(init, last)
h, *mid, t = 'abcde'
print(h, mid, t)
a, *b = [1]
print(a, b)
for x, *ys in [(1, 2, 3), (4,)]:
    print(x, ys)
