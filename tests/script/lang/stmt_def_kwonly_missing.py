def kwonly(a, *, key='k', other):
    return a, key, other
try:
    kwonly(1)
except TypeError as e:
    print(type(e).__name__, e)
