counter = 0
def bump():
    global counter
    counter += 1
bump()
bump()
print(counter)
def read_only():
    return counter * 10
print(read_only())
def shadow():
    counter = 99
    return counter
print(shadow(), counter)
def outer():
    x = 1
    def mid():
        nonlocal x
        x += 10
        def inner():
            nonlocal x
            x *= 2
        inner()
    mid()
    return x
print(outer())
def new_global():
    global created
    created = 'made inside'
new_global()
print(created)
def unbound():
    try:
        print(counter)
        counter = 5
    except UnboundLocalError as e:
        print(type(e).__name__, e)
unbound()
try:
    print(undefined_name)
except NameError as e:
    print(type(e).__name__, e)
