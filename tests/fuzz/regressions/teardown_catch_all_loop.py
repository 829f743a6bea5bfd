while True:
    try:
        x = 1
        x = 2
        x = 3
    except:
        pass
