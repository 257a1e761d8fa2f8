package dev.upkeep.client.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Notes which signal (SIGTERM, SIGINT, SIGHUP) started the JVM's shutdown, so runs still open at
 * exit can say "Terminated (SIGTERM)" as migas-py does. Each handler records the signal and then
 * calls the handler it replaced, so the JVM still shuts down exactly as before. Uses {@code
 * sun.misc.Signal} reflectively; where it is missing (Android, {@code -Xrs}) nothing is installed
 * and runs open at exit are reported without the signal's name. Thread-safe.
 */
public final class ExitSignals {
  private static volatile String received;
  private static boolean installed;

  private ExitSignals() {}

  /** Installs the handlers once per JVM; never throws. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      try {
        observe(name);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Log.debug("cannot observe SIG" + name + ": " + e);
      }
    }
  }

  /** {@code SIGTERM}, {@code SIGINT} or {@code SIGHUP} if one arrived, else null. */
  public static String received() {
    return received;
  }

  private static void observe(String name) throws ReflectiveOperationException {
    Class<?> signalClass = Class.forName("sun.misc.Signal");
    Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
    Object signal = signalClass.getConstructor(String.class).newInstance(name);
    Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
    Method delegate = handlerClass.getMethod("handle", signalClass);
    Object[] previous = new Object[1];
    InvocationHandler recorder =
        (proxy, method, args) -> {
          if (method.getName().equals("handle")) {
            received = "SIG" + name;
            Object prev = previous[0];
            if (prev != null) {
              try {
                delegate.invoke(prev, args[0]);
              } catch (ReflectiveOperationException | RuntimeException e) {
                Runtime.getRuntime().exit(128 + signalNumber(name));
              }
            }
            return null;
          }
          if (method.getName().equals("hashCode")) {
            return System.identityHashCode(proxy);
          }
          if (method.getName().equals("equals")) {
            return proxy == args[0];
          }
          return "upkeep signal observer";
        };
    Object ours =
        Proxy.newProxyInstance(
            ExitSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, recorder);
    previous[0] = handle.invoke(null, signal, ours);
  }

  private static int signalNumber(String name) {
    switch (name) {
      case "HUP":
        return 1;
      case "INT":
        return 2;
      default:
        return 15;
    }
  }
}
