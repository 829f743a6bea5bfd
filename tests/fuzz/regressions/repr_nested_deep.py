x = []
for i in range(19000):
    x = [x]
print(x)
