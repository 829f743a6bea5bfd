try:
    import nonexistent_module_xyz
except ImportError as e:
    print(type(e).__name__, e)
try:
    from time import nonexistent_name
except ImportError as e:
    print(type(e).__name__, str(e).split(' (')[0])
