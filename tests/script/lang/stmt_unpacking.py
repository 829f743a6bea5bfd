a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
x, y, z = 'xyz'
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
m = n = 7
print(m, n)
[u, v] = [8, 9]
print(u, v)
for i, (k, val) in enumerate({'a': 1}.items()):
    print(i, k, val)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(type(e).__name__, e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
print(*[1, 2, 3])
print(*'ab', sep='-')
