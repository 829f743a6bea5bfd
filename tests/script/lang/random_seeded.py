import random
random.seed(42)
print([random.randint(1, 100) for _ in range(5)])
print(random.random())
print(random.randrange(10), random.randrange(5, 10))
print(random.choice('abcdef'), random.choice([10, 20, 30]))
l = list(range(10))
random.shuffle(l)
print(l)
print(round(random.uniform(1, 2), 6))
random.seed(42)
print([random.randint(1, 100) for _ in range(5)])
random.seed(7)
print(random.random(), random.random())
print(random.randint(5, 5))
try:
    random.choice([])
except IndexError as e:
    print(type(e).__name__, e)
try:
    random.randrange(0)
except ValueError as e:
    print(type(e).__name__, e)
