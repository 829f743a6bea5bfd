g = (x + 1 for x in range(3))
print(type(g).__name__)
print(next(g), list(g))
print(list(g))
