try:
    a, b = 5
except TypeError as e:
    print(type(e).__name__, e)
