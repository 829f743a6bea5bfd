print(int())
print(int(7))
print(int(3.9), int(-3.9))
print(int(True), int(False))
print(int("42"))
print(int("  -17  "))
print(int("+5"))
print(int(1e10))
print(int("0"))
for bad in ["3.5", "", "abc", "1 2", "0x10"]:
    try:
        int(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    int(None)
except TypeError as e:
    print(type(e).__name__, e)
try:
    int([1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    int(float('inf'))
except OverflowError as e:
    print(type(e).__name__, e)
