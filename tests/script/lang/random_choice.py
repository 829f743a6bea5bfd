import random
random.seed(0)
items = ['red', 'green', 'blue']
print([random.choice(items) for _ in range(8)])
print(random.choice((1, 2)), random.choice('xyz'))
random.seed(123)
print([random.randrange(0, 100, 1) for _ in range(3)])
seen = set() if False else {}
for _ in range(50):
    seen[random.choice(items)] = True
print(sorted(seen))
