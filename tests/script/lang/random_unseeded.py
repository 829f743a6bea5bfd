import random
r = random.random()
print(0 <= r < 1)
n = random.randint(1, 6)
print(1 <= n <= 6, type(n).__name__)
print(random.choice([7]) == 7)
u = random.uniform(2, 3)
print(2 <= u <= 3)
