# Generators are coroutines too: `new = yield` suspends a consumer until the
# producer resumes it with send(n); next() runs it to its first yield.


def consumer(name):
    print("%s: started" % name)
    while True:
        new = yield
        print("%s: got %d" % (name, new))


def producer(c1, c2):
    next(c1)
    next(c2)
    for n in range(1, 6):
        print("producer: sending %d" % n)
        c1.send(n)
        c2.send(n)


producer(consumer("consumer-1"), consumer("consumer-2"))
