package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.jdbc.StorageFaults.Fault;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * The edge of the store: every call of one of its interfaces ({@code EventStore}, {@code
 * ProjectStore}, ...) passes through here, so that a failure showing a fault of the database
 * ({@link StorageFaults}) leaves the store as a {@link
 * dev.upkeep.server.store.fault.StorageUnavailableException} whatever the implementation wrapped it
 * in (Jdbi's exceptions, {@code StoreException}), and so that calls fail at once during an outage
 * ({@link StoreOutage}). Other failures pass unchanged. A dynamic proxy, so that a method added to
 * an interface is covered without a line here.
 *
 * <p>Thread-safe when the target is.
 */
final class FaultBoundary implements InvocationHandler {
  private final Object target;
  private final String store;
  private final StoreOutage outage;

  private FaultBoundary(Object target, String store, StoreOutage outage) {
    this.target = target;
    this.store = store;
    this.outage = outage;
  }

  /** {@code target} seen through {@code api}, with the boundary around every call. */
  static <T> T around(Class<T> api, T target, String store, StoreOutage outage) {
    return api.cast(
        Proxy.newProxyInstance(
            api.getClassLoader(), new Class<?>[] {api}, new FaultBoundary(target, store, outage)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return invokeTarget(method, args);
    }
    boolean probe = outage.admit();
    Object result;
    try {
      result = invokeTarget(method, args);
    } catch (Throwable failure) {
      Optional<Fault> fault = StorageFaults.fault(failure);
      outage.failed(probe, fault.orElse(null), failure);
      if (fault.isPresent() && failure instanceof Exception e) {
        throw StorageFaults.translate(e, store);
      }
      throw failure;
    }
    outage.succeeded(probe);
    return result;
  }

  private Object invokeTarget(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
