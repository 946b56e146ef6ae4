# fib(32) by naive double recursion (see fib.ba).
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(32))
