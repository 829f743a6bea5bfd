print(float())
print(float(3))
print(float(-2))
print(float("1.5"))
print(float("  2.25 "))
print(float("1e3"))
print(float("-0.5"))
print(float(True))
print(float(2.5))
print(float("inf"), float("-inf"))
print(float(10) / 4)
print(1 / 3)
print(2 / 3)
print(100.0)
print(1e22)
print(1.5e-10)
for bad in ["abc", "", "1.2.3"]:
    try:
        float(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    float(None)
except TypeError as e:
    print(type(e).__name__, e)
