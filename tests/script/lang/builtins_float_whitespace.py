print(float("  2.25 "), float("\t-1\n"), float(" inf "))
try:
    float(None)
except TypeError as e:
    print(type(e).__name__, e)
