package dev.upkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes and of the whole machine from Linux's {@code /proc}, in nanoseconds (clock
 * ticks of {@value #NANOS_PER_TICK} ns: {@code USER_HZ} is 100 on Linux). Elsewhere every reading
 * is -1 or zero.
 */
final class ProcStat {
  /** Nanoseconds per clock tick of {@code /proc/PID/stat} and {@code /proc/stat}: {@value}. */
  static final long NANOS_PER_TICK = 10_000_000L;

  private ProcStat() {}

  /** utime + stime of a process (all its threads), or -1 when it is gone. */
  static long cpuNanos(long pid) {
    long[] f = fields(pid);
    return f == null ? -1 : (f[11] + f[12]) * NANOS_PER_TICK;
  }

  /**
   * utime + stime of a process's threads whose name starts with one of {@code prefixes} (as the
   * kernel shows it: at most 15 characters, e.g. {@code C2 CompilerThre}), 0 when it is gone.
   */
  static long threadsCpuNanos(long pid, String... prefixes) {
    long sum = 0;
    try (java.util.stream.Stream<Path> tasks =
        Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          for (String p : prefixes) {
            if (comm.startsWith(p)) {
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
              break;
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread exited meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return sum;
  }

  /** cutime + cstime: CPU of the process's children that exited and were waited for, or -1. */
  static long reapedChildrenNanos(long pid) {
    long[] f = fields(pid);
    return f == null ? -1 : (f[13] + f[14]) * NANOS_PER_TICK;
  }

  /** The parent's pid, or -1 when the process is gone. */
  static long parent(long pid) {
    long[] f = fields(pid);
    return f == null ? -1 : f[1];
  }

  /**
   * The fields after the command name of {@code /proc/PID/stat}, numbered from 0 for "state" (so
   * index 1 is ppid, 11 utime, 12 stime, 13 cutime, 14 cstime); non-numbers are 0; {@code null}
   * when the process is gone.
   */
  private static long[] fields(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long[] out = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      try {
        out[i] = Long.parseLong(f[i]);
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  /** {busy, total} nanoseconds of all CPUs from {@code /proc/stat} (guest time excluded). */
  static long[] machineNanos() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long guest = f.length > 9 ? Long.parseLong(f[9]) : 0; // counted in user already
      guest += f.length > 10 ? Long.parseLong(f[10]) : 0;
      return new long[] {(total - guest - idle) * NANOS_PER_TICK, (total - guest) * NANOS_PER_TICK};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
