# 100,000,000 iterations of a counted loop (see loop.ba): acc = i - acc.
# A while loop, as loop/recur is: explicit counter, compare, increment.
# Inside a function, so i and acc are fast locals.
def main():
    i = 0
    acc = 0
    while i < 100000000:
        acc = i - acc
        i += 1
    return acc


print(main())
