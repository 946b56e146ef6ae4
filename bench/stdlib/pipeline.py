# map / filter / reduce over 10,000,000 integers (see pipeline.ba).
from functools import reduce
import operator
print(reduce(operator.add, filter(lambda x: x % 2 == 0, map(lambda x: 3 * x, range(10_000_000))), 0))
