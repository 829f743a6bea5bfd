x = []
for i in range(60):
    x = [x, x]
print(x)
