def f(n):
    return 1 / n

print("before")
f(0)
