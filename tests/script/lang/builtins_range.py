print(list(range(5)))
print(list(range(2, 6)))
print(list(range(0, 10, 3)))
print(list(range(10, 0, -2)))
print(list(range(5, 5)))
print(list(range(5, 0)))
print(list(range(-3, 3)))
print(list(range(0, -5, -1)))
total = 0
for i in range(1, 101):
    total += i
print(total)
print(len(range(0, 100, 7)))
try:
    range(1, 10, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    range(2.5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    range()
except TypeError as e:
    print(type(e).__name__, e)
print(list(range(True, 4)))
