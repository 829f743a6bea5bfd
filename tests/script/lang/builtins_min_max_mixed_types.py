try:
    max(1, 'a')
except TypeError as e:
    print(type(e).__name__, e)
try:
    min(1, 'a')
except TypeError as e:
    print(type(e).__name__, e)
