print(divmod(17, 5), divmod(-17, 5), divmod(7.5, 2))
print(pow(2, 10), pow(2, 10, 1000), pow(2.0, 0.5))
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
