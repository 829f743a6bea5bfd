# Found by the script fuzzer in CI: calling what print() returned (None) took
# the g.switch() fast path's "no bound method" sentinel for a switch.
print(dict)()
