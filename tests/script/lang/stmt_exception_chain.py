def f():
    try:
        {}["k"]
    except KeyError as e:
        raise ValueError("bad") from e
try:
    f()
except ValueError as e:
    print("caught", e)
