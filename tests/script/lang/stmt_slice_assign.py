l2 = [0, 1, 2, 3, 4]
l2[1:3] = ['a', 'b', 'c']
print(l2)
l2[:2] = []
print(l2)
l2[len(l2):] = [9]
print(l2)
l2[::2] = [7, 7, 7]
print(l2)
try:
    l2[::2] = [1]
except ValueError as e:
    print(type(e).__name__, e)
