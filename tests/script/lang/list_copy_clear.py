a = [1, [2]]
b = a.copy()
b.append(3)
b[1].append('shared')
print(a, b)
a.clear()
print(a, len(a), b)
