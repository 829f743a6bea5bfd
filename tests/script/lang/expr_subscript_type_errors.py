for container in ['abc', [1], (1,)]:
    try:
        container['a']
    except TypeError as e:
        print(type(e).__name__, e)
