package dev.upkeep.server.demo;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plausible {@code owner/name} project names, unique within one demo: an organisation and a tool
 * name built from word lists, e.g. {@code openlab/fieldprep}. A clash gets a number ({@code -2}).
 */
final class ProjectNames {
  private static final String[] OWNERS = {
    "openlab",
    "nipreps",
    "datakit",
    "acme-sci",
    "fieldworks",
    "astro-tools",
    "biosig",
    "geoproc",
    "quantlab",
    "tidyverse-py",
    "mlops",
    "seisgroup",
    "climate-data",
    "neurostack",
    "chemlab",
    "pipelines",
    "opensource-hub",
    "imaging",
    "genomics-core",
    "robotics-lab"
  };
  private static final String[] STEMS = {
    "field", "brain", "spectra", "grid", "signal", "cell", "tensor", "graph", "wave", "track",
    "image", "seq", "orbit", "flux", "mesh", "sample", "atlas", "stream", "scan", "cohort",
    "survey", "voxel", "trace", "pulse", "index", "ledger"
  };
  private static final String[] SUFFIXES = {
    "prep", "kit", "flow", "lab", "py", "tools", "viz", "io", "runner", "check", "sync", "stats",
    "forge", "hub", "lint", "map"
  };

  private final SplittableRandom rng;
  private final Set<String> used = new HashSet<>();

  ProjectNames(SplittableRandom rng) {
    this.rng = rng;
  }

  /** The next unique name. */
  String next() {
    String base =
        OWNERS[rng.nextInt(OWNERS.length)]
            + "/"
            + STEMS[rng.nextInt(STEMS.length)]
            + SUFFIXES[rng.nextInt(SUFFIXES.length)];
    String name = base;
    for (int n = 2; !used.add(name); n++) {
      name = base + "-" + n;
    }
    return name;
  }
}
