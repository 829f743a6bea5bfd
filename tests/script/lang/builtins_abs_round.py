print(abs(-5), abs(5), abs(0))
print(abs(-2.5), abs(2.5))
print(abs(True), abs(False))
print(abs(-0.0))
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5))
print(round(2.7), round(-2.7))
print(round(7), round(7, 2))
print(round(3.14159, 2), round(3.14159, 0), round(2.675, 2))
print(round(1234.5678, 1))
print(type(round(2.5)).__name__, type(round(2.5, 1)).__name__)
print(round(0.125, 2), round(0.375, 2))
try:
    abs('x')
except TypeError as e:
    print(type(e).__name__, e)
try:
    round('x')
except TypeError as e:
    print(type(e).__name__, e)
