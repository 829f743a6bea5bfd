print(sum([]))
print(sum([1, 2, 3]))
print(sum([1.5, 2.5]))
print(sum([1, 2.5]))
print(sum(range(101)))
print(sum([1, 2], 10))
print(sum([[1], [2, 3]], []))
print(sum((x * x for x in range(4))))
print(sum([True, True, False]))
try:
    sum(['a', 'b'])
except TypeError as e:
    print(type(e).__name__, e)
