package dev.upkeep.server.demo;

import java.util.SplittableRandom;

/**
 * What failed runs of a demo project report: exception class names of its language, as Python's
 * {@code type(e).__qualname__} (with the module for non-builtins) and Java's {@code
 * getClass().getName()} give them, with a short message. Each project has its own mix: the common
 * types' weights times a log-normal factor per project. Runs stopped by a signal (status S) name
 * the signal. Instances are not thread-safe.
 */
final class Failures {
  private static final String[][] PYTHON = {
    {"FileNotFoundError", "[Errno 2] No such file or directory: 'data/sub-01/anat.nii.gz'"},
    {"ValueError", "could not convert string to float: 'n/a'"},
    {"KeyError", "'RepetitionTime'"},
    {"RuntimeError", "CUDA out of memory. Tried to allocate 2.00 GiB"},
    {"subprocess.CalledProcessError", "Command '['antsRegistration']' returned non-zero exit 1."},
    {"MemoryError", "Unable to allocate 7.45 GiB for an array"},
    {"PermissionError", "[Errno 13] Permission denied: '/work'"},
    {"TypeError", "unsupported operand type(s) for +: 'NoneType' and 'int'"},
    {"ModuleNotFoundError", "No module named 'numpy._core'"},
    {"OSError", "[Errno 28] No space left on device"},
    {"AssertionError", "shapes do not match"},
    {"IndexError", "list index out of range"},
    {"UnicodeDecodeError", "'utf-8' codec can't decode byte 0xff in position 0"},
    {"ZeroDivisionError", "division by zero"}
  };
  private static final double[] PYTHON_WEIGHTS = {22, 15, 10, 9, 8, 6, 6, 6, 5, 5, 3, 3, 1, 1};

  private static final String[][] JAVA = {
    {"java.io.FileNotFoundException", "input.csv (No such file or directory)"},
    {"java.lang.IllegalArgumentException", "threads must be positive, was 0"},
    {
      "java.lang.NullPointerException", "Cannot invoke \"String.length()\" because \"name\" is null"
    },
    {"java.nio.file.NoSuchFileException", "/home/user/.config/tool/settings.yaml"},
    {"java.lang.IllegalStateException", "index is locked by another process"},
    {"java.lang.OutOfMemoryError", "Java heap space"},
    {"java.io.UncheckedIOException", "java.net.ConnectException: Connection refused"},
    {"java.util.concurrent.TimeoutException", "no answer within 30 s"},
    {"java.lang.NumberFormatException", "For input string: \"1.5e\""},
    {"java.nio.file.AccessDeniedException", "/var/lib/tool"},
    {"java.lang.UnsupportedOperationException", "not supported on this platform"},
    {"java.lang.ClassCastException", "class java.lang.Integer cannot be cast to class String"},
    {"java.lang.StackOverflowError", null}
  };
  private static final double[] JAVA_WEIGHTS = {18, 14, 14, 9, 9, 7, 7, 5, 5, 4, 3, 2, 1};

  private static final String[] SIGNALS = {"SIGTERM", "SIGINT", "SIGKILL", "SIGHUP"};
  private static final double[] SIGNAL_WEIGHTS = Draw.cumulative(50, 35, 10, 5);

  private final String[][] types;
  private final double[] mix;
  private final boolean python;

  /** The mix of one project, drawn from {@code rng}. */
  Failures(String language, SplittableRandom rng) {
    python = !"java".equals(language);
    types = python ? PYTHON : JAVA;
    double[] base = python ? PYTHON_WEIGHTS : JAVA_WEIGHTS;
    double[] w = new double[base.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = base[i] * Draw.lognormal(rng, 1, 0.8);
    }
    mix = Draw.cumulative(w);
  }

  /** Number of error types of this project's language. */
  int count() {
    return types.length;
  }

  /** An index of an error type from the project's mix. */
  int pick(SplittableRandom r) {
    return Draw.pick(r, mix);
  }

  String type(int index) {
    return types[index][0];
  }

  /** The message of an error type, or null. */
  String message(int index) {
    return types[index][1];
  }

  /** A signal name for a run stopped by one. */
  static String signal(SplittableRandom r) {
    return SIGNALS[Draw.pick(r, SIGNAL_WEIGHTS)];
  }

  /** The error type a stopped run reports: Python raises KeyboardInterrupt on SIGINT. */
  String signalError(String signal) {
    return python && "SIGINT".equals(signal) ? "KeyboardInterrupt" : null;
  }
}
