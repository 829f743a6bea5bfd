# Spawn N greenlets running a trivial function, then join them all.
# compare.sh rewrites the sizes (the `N = ` lines; coroscope has no sys.argv)
# and runs it under /usr/bin/python3 (gevent) and coroscope --headless.
import gevent

N = 100000
done = 0


def work(i):
    global done
    done += 1


gevent.joinall([gevent.spawn(work, i) for i in range(N)])
print("done", done)
