def todo():
    pass
class Nothing:
    pass
for _ in range(2):
    pass
if True:
    pass
print(todo(), type(Nothing()).__name__)
x = 1; y = 2; print(x + y)
# a comment
z = (1 +
     2 +
     3)
print(z)
lst = [
    1,
    2,
]
print(lst)
value = None
print(value is None)
