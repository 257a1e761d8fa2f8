package dev.upkeep.server.limits;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A request's charges as parallel arrays in key order, as the PostgreSQL function and the Redis
 * script take them. Key order is what makes concurrent decisions deadlock-free in PostgreSQL: every
 * decision locks its counters in the same order (Java's string order; PostgreSQL's collation plays
 * no part). Waits come back in key order and are put back in the caller's order by {@link
 * #decision}.
 */
final class ChargeArrays {
  final String[] keys;
  final Integer[] kinds;
  final Long[] amounts;
  final Long[] limits;
  final Long[] periods;

  /** position in key order → index in the caller's list */
  private final int[] order;

  ChargeArrays(List<Charge> charges) {
    MemoryLimitStore.requireDistinctKeys(charges);
    int n = charges.size();
    order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparing(i -> charges.get(i).key()))
            .mapToInt(Integer::intValue)
            .toArray();
    keys = new String[n];
    kinds = new Integer[n];
    amounts = new Long[n];
    limits = new Long[n];
    periods = new Long[n];
    for (int p = 0; p < n; p++) {
      Charge c = charges.get(order[p]);
      keys[p] = c.key();
      kinds[p] = c.kind().code;
      amounts[p] = c.amount();
      limits[p] = c.limit();
      periods[p] = c.period();
    }
  }

  /** The decision of waits in key order (0: would be taken). */
  Decision decision(long[] waitsInKeyOrder) {
    if (waitsInKeyOrder.length != order.length) {
      throw new IllegalStateException(
          "the limit store answered "
              + waitsInKeyOrder.length
              + " waits for "
              + order.length
              + " charges");
    }
    long[] waits = new long[order.length];
    for (int p = 0; p < order.length; p++) {
      waits[order[p]] = waitsInKeyOrder[p];
    }
    return Decision.of(waits);
  }
}
