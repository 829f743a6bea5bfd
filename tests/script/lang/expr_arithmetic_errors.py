for expr in [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0]:
    try:
        expr()
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
try:
    1 + 'a'
except TypeError as e:
    print(type(e).__name__, e)
try:
    'a' + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] * 'x'
except TypeError as e:
    print(type(e).__name__, e)
