# Names are looked up where Python looks them up, every time: a global that
# hides a builtin, a deleted global, a closure, rebinding in a loop.
def show():
    return len([1, 2])


print(show())
len = lambda x: 42
print(show())
del len
print(show())
x = 1


def g():
    return x


print(g())
del x
try:
    g()
except NameError as e:
    print(e)
x = 5
print(g())


def outer():
    y = 1

    def inner():
        return y

    y = 2
    return inner()


print(outer())
total = 0
for i in range(5):
    total = total + i
print(total)


def counter():
    n = 0

    def bump():
        nonlocal n
        n += 1
        return n

    bump()
    return bump()


print(counter(), counter())
try:
    del undefined_name
except NameError as e:
    print(e)
