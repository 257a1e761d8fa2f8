package dev.upkeep.server.store;

/** A storage operation failed; the message names the operation and the store. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
