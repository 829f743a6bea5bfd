def classify(n):
    if n < 0:
        return 'negative'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    else:
        return 'large'
for n in [-5, 0, 3, 10, 99]:
    print(n, classify(n))
x = 5
if x:
    print('truthy')
if not []:
    print('empty list is falsy')
if x > 3 and x < 10:
    print('between')
if x < 3 or x > 4:
    print('or works')
if None:
    print('never')
else:
    print('None is falsy')
y = 'yes' if x > 2 else 'no'
print(y)
print('a' if '' else 'b')
if x == 5: print('one-liner')
