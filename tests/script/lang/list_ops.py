l = [1, 2, 3]
l[0] = 'one'
l[-1] = 'three'
print(l)
print(l + [4], l * 2, [] * 5)
print(len(l), 2 in l, 'one' in l)
nested = [[0] * 2] * 2
nested[0][0] = 9
print(nested)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 9
print(grid)
print([1, [2, [3, []]]])
a = [1, 2]
a.append(a)
print(len(a))
print(list(reversed([1, 2, 3])) if False else [1, 2, 3][::-1])
print(l == ['one', 2, 'three'], l != l)
try:
    l[5] = 0
except IndexError as e:
    print(type(e).__name__, e)
try:
    l['x']
except TypeError as e:
    print(type(e).__name__, e)
