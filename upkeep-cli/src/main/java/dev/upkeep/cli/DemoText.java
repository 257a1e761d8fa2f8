package dev.upkeep.cli;

import dev.upkeep.server.demo.Demo;
import java.io.PrintWriter;
import java.util.Locale;

/** The summary {@code upkeep demo} prints: what it wrote, how fast, and how to serve it. */
final class DemoText {
  private DemoText() {}

  /** {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static void summary(PrintWriter out, Demo.Summary s, double seconds, String storeOption) {
    out.printf(
        Locale.ROOT,
        "projects  %d (%d versions, %d flagged)%n",
        s.projects(),
        s.versions(),
        s.flaggedVersions());
    out.println("users     " + count(s.users()));
    out.printf(
        Locale.ROOT,
        "events    %s over %d days, %s to %s (UTC; data ends %s)%n",
        count(s.events()),
        s.days(),
        s.firstDay(),
        s.firstDay().plusDays(s.days() - 1L),
        s.end());
    out.printf(
        Locale.ROOT,
        "took      %.1f s (%s events/s)%n",
        seconds,
        count(Math.round(s.events() / Math.max(seconds, 1e-3))));
    String label = "biggest   ";
    for (Demo.ProjectSummary p : s.biggest()) {
      out.println(
          label + p.name() + ": " + count(p.events()) + " events, " + count(p.users()) + " users");
      label = "          ";
    }
    String top = s.biggest().isEmpty() ? "OWNER/NAME" : s.biggest().get(0).name();
    out.println();
    out.println(
        "Serve it:  upkeep serve " + storeOption + "   (prints a master token at first start)");
    out.println(
        "Then:      upkeep usage "
            + top
            + " --from "
            + s.firstDay().plusDays(Math.max(0, s.days() - 30L))
            + " --by version --token <master token>");
  }
}
