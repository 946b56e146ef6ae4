# A closure called 10,000,000 times by reduce over a range (see reduce.ba).
from functools import reduce


def weighted_sum(k, n):
    return reduce(lambda acc, x: acc + x * k, range(n), 0)


print(weighted_sum(3, 10000000))
