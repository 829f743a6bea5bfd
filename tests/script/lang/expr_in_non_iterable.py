for container in [5, None, 2.5]:
    try:
        3 in container
    except TypeError as e:
        print(type(e).__name__, e)
