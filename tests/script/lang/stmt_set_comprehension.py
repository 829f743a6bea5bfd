print(sorted({x % 3 for x in range(10)}))
print({c for c in 'aaa'})
