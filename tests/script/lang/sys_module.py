import sys
print(sys.argv[0])
sys.stdout.write('via sys.stdout\n')
print('to stdout', file=sys.stdout)
print('to stderr', file=sys.stderr)
print('flushed', flush=True)
