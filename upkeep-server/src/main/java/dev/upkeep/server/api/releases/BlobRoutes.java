package dev.upkeep.server.api.releases;

import dev.upkeep.archive.BlobId;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.blobs.BlobRefusedException;
import dev.upkeep.server.blobs.BlobStore;
import dev.upkeep.server.http.ApiException;
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
 * <p>Uploads take a publish token ({@link Guard#requirePublisher}) or the master token, and each
 * blob stored is written to the audit log. Reads take none: a blob is found only by its SHA-256,
 * which only the records that name it tell; records and their projects' visibility come with the
 * release routes.
 */
public final class BlobRoutes {
  /** Where an unfinished upload stands, in bytes: the header of HEAD, PUT and 409 answers. */
  static final String UPLOAD_OFFSET = "Upload-Offset";

  private static final int BUFFER = 1 << 16;

  private final BlobStore blobs;
  private final Guard guard;

  public BlobRoutes(BlobStore blobs, Guard guard) {
    this.blobs = blobs;
    this.guard = guard;
  }

  /**
   * {@code HEAD /v1/blobs/{sha256}}: 200 with {@code Content-Length} when stored; 404 with {@code
   * Upload-Offset} (0 when no upload was begun) when not.
   */
  public void head(Context ctx) throws IOException {
    BlobId blob = blob(ctx);
    OptionalLong size = blobs.size(blob);
    if (size.isPresent()) {
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
    if (stored.isEmpty()) {
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
   * request stored the blob, 200 when it was stored already (the body is not read), 202 when a part
   * was kept and more are to come; each with {@code {"blob", "size", "received", "stored"}} and
   * {@code Upload-Offset}. 409 when the part does not start where the upload stands or another
   * upload of the blob is running, 411 without a length, 413 above {@code max-blob-size}, 422 when
   * the bytes do not hash to the blob (the upload is dropped).
   */
  public void put(Context ctx) throws IOException {
    Actor actor = guard.requirePublisher(ctx);
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
              : ByteRange.upload(contentRange);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (part.length() != length) {
      throw ApiException.badRequest(
          "Content-Range names " + part.length() + " bytes but Content-Length is " + length);
    }
    boolean before = blobs.size(blob).isPresent();
    long received;
    try {
      received = blobs.write(blob, part.offset(), part.total(), ctx.req().getInputStream());
    } catch (BlobRefusedException e) {
      throw refusal(ctx, e);
    }
    boolean stored = received == part.total();
    if (stored && !before) {
      actor.did("blob.store", blob.hex() + " (" + part.total() + " bytes)");
    }
    ctx.header(UPLOAD_OFFSET, Long.toString(received));
    ctx.status(!stored ? 202 : before ? 200 : 201);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("blob", blob.hex());
    out.put("size", part.total());
    out.put("received", received);
    out.put("stored", stored);
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
