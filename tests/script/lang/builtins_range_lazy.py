r = range(10)
print(r, range(1, 10, 3), len(r), r[3], r[-1], 5 in r, 10 in r, list(range(5, 0, -2)), bool(range(0)))
print(type(r).__name__, sum(range(101)), [i * i for i in range(4)], list(reversed(range(3))))
n = 0
for i in range(10**8):
    n += 1
    if i == 5: break
print(n, range(0, -5, -1)[2], len(range(10**12)))
try:
    range(3)[5]
except IndexError as e:
    print(e)
