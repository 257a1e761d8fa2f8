package dev.upkeep.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tells a listener of every byte read through it. */
final class CountingInput extends FilterInputStream {
  private final TransferListener listener;

  CountingInput(InputStream in, TransferListener listener) {
    super(in);
    this.listener = listener;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      listener.advanced(0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      listener.advanced(0, n);
    }
    return n;
  }
}
