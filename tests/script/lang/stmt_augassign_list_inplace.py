l = [1]
alias = l
l += [2, 3]
print(l, alias, l is alias)
l *= 2
print(alias)
def add_to(items):
    items += ['added']
mine = []
add_to(mine)
print(mine)
