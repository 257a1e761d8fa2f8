package dev.upkeep.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A child JVM's pull that reads blobs slowly (a pause every 64 KiB), so that a test can kill it
 * with SIGKILL midway: {@code SlowPull ARCHIVE TITLE VERSION INTO}.
 */
final class SlowPull {
  private SlowPull() {}

  public static void main(String[] args) throws IOException {
    Archive slow = new Throttled(FileSystemArchive.open(Path.of(args[0])));
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of(args[1]), ReleaseVersion.of(args[2]));
    Releases releases = Releases.on(slow).threads(2);
    releases.pull(releases.require(id), Path.of(args[3]));
  }

  /** Delegates everything; blob reads pause 20 ms per 64 KiB. */
  private record Throttled(Archive archive) implements Archive {
    @Override
    public String describe() {
      return archive.describe();
    }

    @Override
    public List<ReleaseVersion> versions(String workspace, Title title) throws IOException {
      return archive.versions(workspace, title);
    }

    @Override
    public Optional<ReleaseRecord> read(ReleaseId id) throws IOException {
      return archive.read(id);
    }

    @Override
    public void publish(ReleaseRecord record) throws IOException {
      archive.publish(record);
    }

    @Override
    public ReleaseRecord yank(ReleaseId id, String reason) throws IOException {
      return archive.yank(id, reason);
    }

    @Override
    public boolean has(ReleaseId id, BlobId blob) throws IOException {
      return archive.has(id, blob);
    }

    @Override
    public void put(ReleaseId id, BlobId blob, long size, InputStream in) throws IOException {
      archive.put(id, blob, size, in);
    }

    @Override
    public InputStream get(ReleaseId id, BlobId blob, long offset) throws IOException {
      return new FilterInputStream(archive.get(id, blob, offset)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            throw new InterruptedIOException();
          }
          return super.read(b, off, Math.min(len, 1 << 16));
        }
      };
    }
  }
}
