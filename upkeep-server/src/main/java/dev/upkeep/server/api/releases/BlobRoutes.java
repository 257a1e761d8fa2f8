package dev.upkeep.server.api.releases;

import dev.upkeep.archive.BlobId;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.blobs.BlobRefusedException;
import dev.upkeep.server.blobs.BlobStore;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.ReleaseStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The blobs of hosted releases (issue 16), addressed by SHA-256: {@code HEAD}, {@code GET} and
 * {@code PUT /v1/blobs/{sha256}} (docs/api.md, "Blobs"). Reads are ranged ({@code Range: bytes=},
 * one range) and uploads go in parts ({@code Content-Range: bytes FIRST-LAST/TOTAL}), each kept on
 * disk as it arrives, so a transfer cut off anywhere continues from its last byte: {@code
 * Upload-Offset} says where an unfinished upload stands. The server hashes what it receives and
 * stores the blob only when the bytes hash to its name. Bodies are streamed both ways in 64 KiB
 * blocks, whatever the blob's size.
 *
 * <p>Who may read a blob: the projects that hold it ({@link ReleaseStore#blobReaders}) — each
 * project whose publisher uploaded it and each whose release names it. Anyone reads it when one of
 * them is public; else a token of one of them, or the master token. To anyone else a blob is not
 * there (404), so a blob's presence tells nothing about a private project. Uploads take a publish
 * token of any project ({@link Guard#requirePublisher}) or the master token; each blob stored is
 * written to the audit log and the uploader's project becomes a reader. A publisher whose project
 * may not read a blob that is stored already must send it whole once, hashed by the server like any
 * upload, before its project may read it or publish a release naming it (the proof a registry asks
 * before it mounts a blob from another repository).
 */
public final class BlobRoutes {
  /** Where an unfinished upload stands, in bytes: the header of HEAD, PUT and 409 answers. */
  static final String UPLOAD_OFFSET = "Upload-Offset";

  private static final int BUFFER = 1 << 16;

  /** The largest body of a blob stored already that is read to its end and dropped: 1 MiB. */
  static final long DRAINED = 1 << 20;

  private final BlobStore blobs;
  private final ReleaseStore releases;
  private final ProjectRegistry registry;
  private final Guard guard;

  public BlobRoutes(BlobStore blobs, ReleaseStore releases, ProjectRegistry registry, Guard guard) {
    this.blobs = blobs;
    this.releases = releases;
    this.registry = registry;
    this.guard = guard;
  }

  /** Whether the request may read {@code blob} (see the class comment). */
  private boolean readable(Context ctx, BlobId blob) {
    return guard.mayReadAny(ctx, releases.blobReaders(blob.hex()));
  }

  /**
   * {@code HEAD /v1/blobs/{sha256}}: 200 with {@code Content-Length} when stored and readable; 404
   * with {@code Upload-Offset} (0 when no upload was begun) when not.
   */
  public void head(Context ctx) throws IOException {
    BlobId blob = blob(ctx);
    OptionalLong size = blobs.size(blob);
    if (size.isPresent() && readable(ctx, blob)) {
      describe(ctx);
      ctx.res().setContentLengthLong(size.getAsLong());
      ctx.status(200);
    } else {
      ctx.header(UPLOAD_OFFSET, Long.toString(blobs.received(blob)));
      ctx.status(404);
    }
  }

  /**
   * {@code GET /v1/blobs/{sha256}}: the bytes (200), or the range asked (206 with {@code
   * Content-Range}); 416 for a range outside the blob, 404 when it is not stored.
   */
  public void get(Context ctx) throws IOException {
    BlobId blob = blob(ctx);
    OptionalLong stored = blobs.size(blob);
    if (stored.isEmpty() || !readable(ctx, blob)) {
      throw ApiException.notFound("blob " + blob.hex() + " is not stored here");
    }
    long size = stored.getAsLong();
    Optional<ByteRange> range;
    try {
      range = ByteRange.of(ctx.header("Range"), size);
    } catch (IllegalArgumentException e) {
      ctx.header("Content-Range", "bytes */" + size);
      throw ApiException.of(416, "range_not_satisfiable", e.getMessage());
    }
    ByteRange part = range.orElse(new ByteRange(0, size - 1));
    describe(ctx);
    ctx.status(range.isPresent() ? 206 : 200);
    if (range.isPresent()) {
      ctx.header("Content-Range", part.contentRange(size));
    }
    long length = size == 0 ? 0 : part.length();
    ctx.res().setContentLengthLong(length);
    try (InputStream in = blobs.open(blob, part.first());
        OutputStream out = ctx.res().getOutputStream()) {
      byte[] buffer = new byte[BUFFER];
      for (long left = length; left > 0; ) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("blob " + blob.abbreviated() + " ended before its size");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  /**
   * {@code PUT /v1/blobs/{sha256}} with a publish token or the master token: the whole blob, or
   * with {@code Content-Range} one part of it, {@code Content-Length} required. 201 when this
   * request stored the blob, 200 when it was stored already (a body up to 1 MiB read and dropped, a
   * larger one not read), 202 when a part was kept and more are to come; each with {@code {"blob",
   * "size", "received", "stored"}} and {@code Upload-Offset}. 409 when the part does not start
   * where the upload stands or another upload of the blob is running, 411 without a length, 413
   * above {@code max-blob-size}, 422 when the bytes do not hash to the blob (the upload is
   * dropped). A blob stored already that the publisher's project may not read is hashed from the
   * body, which must be whole, before the project becomes a reader (200), or refused (422). An
   * empty body with {@code Content-Range: bytes *}{@code /TOTAL} is the last part of an upload
   * whose bytes all arrived but whose store failed: it stores them.
   */
  public void put(Context ctx) throws IOException {
    Guard.Publisher publisher = guard.requirePublisher(ctx);
    BlobId blob = blob(ctx);
    long length = ctx.req().getContentLengthLong();
    if (length < 0) {
      throw ApiException.of(
          411, "length_required", "a blob upload needs Content-Length (no chunked bodies)");
    }
    ByteRange.Upload part;
    String contentRange = ctx.header("Content-Range");
    try {
      part =
          contentRange == null
              ? new ByteRange.Upload(0, length, length)
              : emptyLastPart(contentRange, length).orElseGet(() -> ByteRange.upload(contentRange));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (part.length() != length) {
      throw ApiException.badRequest(
          "Content-Range names " + part.length() + " bytes but Content-Length is " + length);
    }
    OptionalLong held = blobs.size(blob);
    boolean before = held.isPresent();
    if (before && !publisher.master() && !readable(ctx, blob)) {
      prove(ctx, blob, held.getAsLong(), part, publisher.project());
      return;
    }
    if (before) {
      skipBody(ctx, length);
      answer(ctx, blob, part.total(), part.total(), 200);
      return;
    }
    long received;
    try {
      received = blobs.write(blob, part.offset(), part.total(), ctx.req().getInputStream());
    } catch (BlobRefusedException e) {
      throw refusal(ctx, e);
    }
    boolean stored = received == part.total();
    if (stored && !before) {
      publisher.actor().did("blob.store", blob.hex() + " (" + part.total() + " bytes)");
    }
    if (stored && !publisher.master()) {
      releases.addBlobReader(blob.hex(), registry.require(publisher.project()).id());
    }
    answer(ctx, blob, part.total(), received, !stored ? 202 : before ? 200 : 201);
  }

  /**
   * Reads and drops a body of at most {@link #DRAINED} bytes, so that the client, still sending it,
   * reads the answer on a connection that stays open; a larger body is not read and the connection
   * is closed after the answer (a client should ask {@code HEAD} first, or send {@code Expect:
   * 100-continue}).
   */
  private static void skipBody(Context ctx, long length) throws IOException {
    if (length <= DRAINED) {
      ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
    } else {
      ctx.header("Connection", "close");
    }
  }

  /**
   * {@code Content-Range: bytes *}{@code /TOTAL} with an empty body: the empty last part of an
   * upload whose {@code TOTAL} bytes all arrived but were not stored (the store failed), which
   * verifies and stores them without sending them again.
   */
  private static Optional<ByteRange.Upload> emptyLastPart(String contentRange, long length) {
    String h = contentRange.trim();
    if (length != 0 || !h.regionMatches(true, 0, "bytes */", 0, 8)) {
      return Optional.empty();
    }
    try {
      long total = Long.parseLong(h.substring(8).trim());
      return total < 0 ? Optional.empty() : Optional.of(new ByteRange.Upload(total, 0, total));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Lets a publisher's project read a stored blob it could not read, once the body proves it holds
   * the bytes: the whole blob, hashed as it arrives and then dropped.
   */
  private void prove(Context ctx, BlobId blob, long size, ByteRange.Upload part, String project)
      throws IOException {
    if (part.offset() != 0 || part.length() != part.total()) {
      throw ApiException.conflict(
          "blob "
              + blob.hex()
              + " is stored, and your project does not hold it yet: send it whole, in one"
              + " request, to prove you do");
    }
    BlobId.Hashed sent = BlobId.hash(ctx.req().getInputStream());
    if (sent.bytes() != size || !sent.blob().equals(blob)) {
      throw ApiException.of(
          422,
          "blob_mismatch",
          "the "
              + sent.bytes()
              + " bytes sent do not hash to blob "
              + blob.hex()
              + "; nothing was stored");
    }
    releases.addBlobReader(blob.hex(), registry.require(project).id());
    answer(ctx, blob, size, size, 200);
  }

  private static void answer(Context ctx, BlobId blob, long size, long received, int status) {
    ctx.header(UPLOAD_OFFSET, Long.toString(received));
    ctx.status(status);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("blob", blob.hex());
    out.put("size", size);
    out.put("received", received);
    out.put("stored", received == size);
    ctx.json(out);
  }

  private static ApiException refusal(Context ctx, BlobRefusedException e) {
    ctx.header(UPLOAD_OFFSET, Long.toString(e.received()));
    return switch (e.reason()) {
      case OFFSET, BUSY -> ApiException.conflict(e.getMessage());
      case TOO_LARGE -> ApiException.of(413, "blob_too_large", e.getMessage());
      case MISMATCH -> ApiException.of(422, "blob_mismatch", e.getMessage());
    };
  }

  private static void describe(Context ctx) {
    ctx.contentType("application/octet-stream");
    ctx.header("Accept-Ranges", "bytes");
    // a blob's bytes never change: its id is its validator
    ctx.header("ETag", "\"" + blob(ctx).hex() + "\"");
  }

  private static BlobId blob(Context ctx) {
    String hex = ctx.pathParam("sha256");
    if (!BlobId.isValid(hex)) {
      throw ApiException.badRequest(
          "a blob is named by its SHA-256 as 64 lowercase hex digits, was '"
              + (hex.length() > 80 ? hex.substring(0, 77) + "..." : hex)
              + "'");
    }
    return new BlobId(hex);
  }
}
