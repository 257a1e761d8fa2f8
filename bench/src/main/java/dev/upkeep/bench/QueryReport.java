package dev.upkeep.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The query benchmark's report (Q): the Markdown table of every question on every store, then the
 * verdicts against the budgets, the growth from the smallest to the largest store of each kind and
 * PostgreSQL beside SQLite at the same size. Printed to stdout.
 */
final class QueryReport {
  /** One question asked both ways. */
  record Row(String query, Latencies api, Latencies raw, boolean same) {}

  /** Everything measured on one store. */
  record Result(
      String dir,
      String kind,
      long events,
      long bytes,
      String project,
      long projectEvents,
      LocalDate first,
      LocalDate last,
      List<Row> rows) {}

  private final long budget;
  private final long viewBudget;

  /**
   * @param budget the p99 budget of a question at 10 million events, in nanoseconds
   * @param viewBudget the dashboard view's, in nanoseconds
   */
  QueryReport(long budget, long viewBudget) {
    this.budget = budget;
    this.viewBudget = viewBudget;
  }

  void print(List<Result> results) {
    System.out.println(
        "| events | store | biggest project | query | store API p50 | store API p99 | n |"
            + " anchor p50 | anchor p99 | n | anchor ÷ API (p50) | same answer |");
    System.out.println(
        "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (Result res : results) {
      for (Row r : res.rows()) {
        System.out.printf(
            Locale.ROOT,
            "| %,d | %s | %s (%,d events) | %s | %s | %s | %d | %s | %s | %d | %.0f× | %s |%n",
            res.events(),
            res.kind(),
            res.project(),
            res.projectEvents(),
            r.query(),
            Latencies.format(r.api().percentile(50)),
            Latencies.format(r.api().percentile(99)),
            r.api().count(),
            r.raw() == null ? "–" : Latencies.format(r.raw().percentile(50)),
            r.raw() == null ? "–" : Latencies.format(r.raw().percentile(99)),
            r.raw() == null ? 0 : r.raw().count(),
            r.raw() == null
                ? Double.NaN
                : (double) r.raw().percentile(50) / Math.max(1, r.api().percentile(50)),
            r.same() ? "yes" : "**no**");
      }
    }
    System.out.println();
    for (Result res : results) {
      long worst =
          res.rows().stream()
              .filter(r -> !r.query().startsWith("dashboard"))
              .mapToLong(r -> r.api().percentile(99))
              .max()
              .orElse(0);
      long view =
          res.rows().stream()
              .filter(r -> r.query().startsWith("dashboard") && r.raw() != null)
              .mapToLong(r -> r.api().percentile(99))
              .max()
              .orElse(0);
      System.out.printf(
          Locale.ROOT,
          "- %,d events on %s (%s, %d MiB, %s to %s): slowest store API p99 %s%s;"
              + " dashboard view p99 %s%s%n",
          res.events(),
          res.kind(),
          res.dir(),
          res.bytes() >> 20,
          res.first(),
          res.last(),
          Latencies.format(worst),
          res.events() >= 5_000_000 && res.events() <= 20_000_000
              ? worst <= budget ? " — within the budget" : " — **over the budget**"
              : "",
          Latencies.format(view),
          view <= viewBudget ? " — within its 100 ms budget" : " — **over its 100 ms budget**");
    }
    for (String kind : List.of("SQLite", "PostgreSQL")) {
      List<Result> of = results.stream().filter(r -> r.kind().equals(kind)).toList();
      if (of.size() > 1) {
        Result small = of.get(0);
        Result big = of.get(of.size() - 1);
        System.out.printf(
            Locale.ROOT,
            "- %s: store API p50 at %,d events ÷ at %,d events, per query:",
            kind,
            big.events(),
            small.events());
        for (int i = 0; i < small.rows().size(); i++) {
          System.out.printf(
              Locale.ROOT,
              " %s %.2f;",
              small.rows().get(i).query(),
              (double) big.rows().get(i).api().percentile(50)
                  / Math.max(1, small.rows().get(i).api().percentile(50)));
        }
        System.out.println();
        double worst = 0;
        String worstQuery = "";
        for (int i = 0; i < small.rows().size(); i++) {
          double ratio =
              (double) big.rows().get(i).api().percentile(99)
                  / Math.max(1, small.rows().get(i).api().percentile(99));
          if (ratio > worst) {
            worst = ratio;
            worstQuery = small.rows().get(i).query();
          }
        }
        long bigWorst =
            big.rows().stream()
                .filter(r -> !r.query().startsWith("dashboard"))
                .mapToLong(r -> r.api().percentile(99))
                .max()
                .orElse(0);
        long smallWorst =
            small.rows().stream()
                .filter(r -> !r.query().startsWith("dashboard"))
                .mapToLong(r -> r.api().percentile(99))
                .max()
                .orElse(0);
        System.out.printf(
            Locale.ROOT,
            "- %s: slowest p99 at %,d events %s, at %,d events %s (× %.2f; budget 1.5);"
                + " largest p99 ratio of one question %.2f (%s)%n",
            kind,
            big.events(),
            Latencies.format(bigWorst),
            small.events(),
            Latencies.format(smallWorst),
            (double) bigWorst / Math.max(1, smallWorst),
            worst,
            worstQuery);
      }
    }
    for (Result pg : results) {
      Result lite =
          results.stream()
              .filter(r -> r.kind().equals("SQLite") && r.events() == pg.events())
              .findFirst()
              .orElse(null);
      if (!pg.kind().equals("PostgreSQL") || lite == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT, "- %,d events: store API p50 PostgreSQL ÷ SQLite, per query:", pg.events());
      for (int i = 0; i < pg.rows().size(); i++) {
        System.out.printf(
            Locale.ROOT,
            " %s %.2f;",
            pg.rows().get(i).query(),
            (double) pg.rows().get(i).api().percentile(50)
                / Math.max(1, lite.rows().get(i).api().percentile(50)));
      }
      System.out.println();
    }
  }
}
