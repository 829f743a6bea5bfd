print(list(enumerate(['x', 'y'], start=10)))
for i, c in enumerate('ab', start=1):
    print(i, c)
