for x in [1, 2, 3]:
    print(x)
else:
    print('done')
for x in [1, 2, 3]:
    if x == 2:
        print('found 2')
        break
else:
    print('not printed')
for x in []:
    print('never')
else:
    print('empty else')
for c in 'hi':
    print(c)
for k in {'a': 1, 'b': 2}:
    print(k)
for k, v in {'a': 1, 'b': 2}.items():
    print(k, v)
for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
    print(a, b, c)
for i in range(10):
    if i % 3:
        continue
    print('mult of 3:', i)
for i in range(3):
    for j in range(3):
        if j == i:
            break
        print(i, j)
print('last i', i)
