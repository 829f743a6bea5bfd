class Box:
    switch = None


for thing in (None, 3, "s", Box().switch):
    try:
        thing()
    except TypeError as e:
        print(e)
try:
    Box().switch()
except TypeError as e:
    print(e)
try:
    print("x")()
except TypeError as e:
    print(e)
