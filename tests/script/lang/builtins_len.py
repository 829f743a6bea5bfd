print(len(""))
print(len("hello"))
print(len("héllo"))
print(len([]))
print(len([1, 2, 3]))
print(len(()))
print(len((1, 2)))
print(len({}))
print(len({'a': 1, 'b': 2}))
print(len(b"abc"))
print(len(range(10)))
print(len([[1, 2], [3]]))
for bad in [5, 2.5, None, True]:
    try:
        len(bad)
    except TypeError as e:
        print(type(e).__name__, e)
