i = 0
while i < 3:
    print('i =', i)
    i += 1
else:
    print('while finished normally')
n = 10
while n > 0:
    n -= 3
    if n == 4:
        print('breaking at', n)
        break
else:
    print('not printed')
count = 0
while True:
    count += 1
    if count % 2:
        continue
    if count > 6:
        break
    print('even', count)
k = 0
while k < 0:
    print('never')
else:
    print('else runs even with zero iterations')
