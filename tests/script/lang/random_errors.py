import random
try:
    random.randint(5, 1)
except ValueError as e:
    print(type(e).__name__, e)
try:
    random.randrange(3, 3)
except ValueError as e:
    print(type(e).__name__, e)
