package dev.upkeep.signing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The git blob hash of every entry — SHA-1 of {@code blob <length>\0<content>} — computed on up to
 * one thread per processor (a tree's files are independent; one file is read sequentially).
 */
final class BlobHashes {
  private static final int BUFFER = 1 << 16;
  private static final int SMALL_TREE = 16;

  private BlobHashes() {}

  /**
   * Hashes each entry; {@code text} reads content as otumat does (UTF-8 text, LF newlines, length
   * in characters).
   *
   * @return the hex hashes, in the order of {@code entries}
   */
  static String[] of(List<TreeEntry> entries, boolean text) throws IOException {
    String[] hashes = new String[entries.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          byte[] buffer = new byte[BUFFER];
          MessageDigest sha1 = sha1();
          int i;
          while (failure.get() == null && (i = next.getAndIncrement()) < hashes.length) {
            try {
              TreeEntry entry = entries.get(i);
              hashes[i] = text ? textBlob(entry, sha1) : blob(entry, sha1, buffer);
            } catch (IOException | RuntimeException e) {
              failure.compareAndSet(null, e);
            }
          }
        };
    int threads =
        entries.size() < SMALL_TREE
            ? 1
            : Math.min(Runtime.getRuntime().availableProcessors(), entries.size());
    Thread[] helpers = new Thread[threads - 1];
    for (int t = 0; t < helpers.length; t++) {
      helpers[t] = new Thread(worker, "upkeep-tree-hash-" + t);
      helpers[t].setDaemon(true);
      helpers[t].start();
    }
    worker.run();
    for (Thread helper : helpers) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        failure.compareAndSet(null, e);
        Thread.currentThread().interrupt();
      }
    }
    Throwable f = failure.get();
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof UncheckedIOException io) {
      throw io.getCause();
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f != null) {
      throw new IOException("tree hash interrupted", f);
    }
    return hashes;
  }

  private static String blob(TreeEntry entry, MessageDigest sha1, byte[] buffer)
      throws IOException {
    if (entry.size() < 0) {
      byte[] all;
      try (InputStream in = entry.content().open()) {
        all = in.readAllBytes();
      }
      return hex(sha1, header(all.length), all, all.length);
    }
    sha1.update(header(entry.size()));
    long read = 0;
    try (InputStream in = entry.content().open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha1.update(buffer, 0, n);
        read += n;
      }
    }
    if (read != entry.size()) {
      sha1.reset();
      throw new IOException(
          entry.path()
              + ": changed while it was hashed ("
              + entry.size()
              + " bytes, then "
              + read
              + "); hash it again");
    }
    return HexFormat.of().formatHex(sha1.digest());
  }

  private static String textBlob(TreeEntry entry, MessageDigest sha1) throws IOException {
    byte[] bytes;
    try (InputStream in = entry.content().open()) {
      bytes = in.readAllBytes();
    }
    String text;
    try {
      text = OtumatText.read(bytes);
    } catch (CharacterCodingException e) {
      throw new IOException(
          entry.path()
              + ": not UTF-8 text, which the otumat flavour cannot hash (otumat's hash_pkg fails"
              + " on binary files too); use the git flavour");
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return hex(sha1, header(OtumatText.length(text)), utf8, utf8.length);
  }

  /** SHA-1 of {@code blob <length>\0} followed by {@code content}, as hex. */
  static String hex(MessageDigest sha1, byte[] header, byte[] content, int length) {
    sha1.update(header);
    sha1.update(content, 0, length);
    return HexFormat.of().formatHex(sha1.digest());
  }

  static byte[] header(long length) {
    return ("blob " + length + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-1", e);
    }
  }
}
