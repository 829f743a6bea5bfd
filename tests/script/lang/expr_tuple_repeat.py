t = (1, 2)
print(t * 2, 2 * t, t * 0, () * 3)
x = (0,)
x *= 3
print(x)
