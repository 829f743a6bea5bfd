print([x * 2 for x in range(5)])
print([x for x in range(10) if x % 3 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([c.upper() for c in 'abc'])
print({k: v for k, v in [('a', 1), ('b', 2)]})
print({x: x * x for x in range(4) if x})
print([[j for j in range(i)] for i in range(4)])
print([x if x > 1 else -x for x in range(4)])
print(sum(x for x in range(5)))
x = 'outer'
print([x for x in 'ab'], x)
words = ['apple', 'bob', 'kayak']
print([w for w in words if w == w[::-1]])
print({w[0]: len(w) for w in words})
