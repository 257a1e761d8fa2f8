package dev.upkeep.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link FakeCdcs}'s blobs: upload (with its extension allow-list and its failures), assign,
 * detail, metadata link, delete and download.
 */
final class FakeCdcsBlobs {
  private final FakeCdcs fake;

  FakeCdcsBlobs(FakeCdcs fake) {
    this.fake = fake;
  }

  void upload(FakeHttp.Exchange ex, String user) throws IOException {
    switch (fake.uploadFailure) {
      case CLOSE_MID_UPLOAD -> {
        ex.body().readNBytes(100);
        ex.abort(); // no answer: the connection is closed
        return;
      }
      case ANSWER_500 -> {
        ex.body().readAllBytes();
        FakeCdcs.send(ex, 500, Map.of("message", "Internal server error"));
        return;
      }
      case ANSWER_AT_ONCE -> {
        FakeCdcs.send(ex, 413, Map.of("detail", "Request Entity Too Large"));
        return;
      }
      case STALL -> {
        ex.body().readAllBytes();
        fake.await();
        ex.abort();
        return;
      }
      case NONE -> {}
    }
    byte[] body = ex.body().readAllBytes();
    Map<String, FakeCdcsForms.Part> parts;
    try {
      parts = FakeCdcsForms.multipart(ex.header("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      FakeCdcs.send(ex, 400, Map.of("message", "Malformed request: " + e.getMessage()));
      return;
    }
    FakeCdcsForms.Part part = parts.get("blob");
    if (part == null || part.filename() == null) {
      FakeCdcs.send(ex, 400, Map.of("message", Map.of("blob", List.of("No file was submitted."))));
      return;
    }
    String name = part.filename();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    synchronized (fake) {
      if (!fake.extensions.contains(ext.toLowerCase(Locale.ROOT))) {
        FakeCdcs.send(
            ex,
            400,
            Map.of(
                "message",
                List.of(
                    "File extension \u201c"
                        + ext
                        + "\u201d is not allowed. Allowed extensions are: "
                        + String.join(", ", fake.extensions)
                        + ".")));
        return;
      }
      long id = fake.nextId();
      FakeCdcs.Blob b = new FakeCdcs.Blob(id, user, name, part.bytes(), null);
      fake.blobs.put(id, b);
      Map<String, Object> answer = blobJson(b);
      answer.put("pid", null); // assigned after the upload, as core_linked_records_app does
      FakeCdcs.send(ex, 201, answer);
    }
  }

  Map<String, Object> blobJson(FakeCdcs.Blob b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("user_id", b.owner());
    m.put("filename", b.filename());
    m.put("handle", FakeCdcs.SERVER_URI + "rest/blob/download/" + b.id() + "/");
    m.put("checksum", null);
    m.put("upload_date", "2026-01-01T00:00:00Z");
    m.put("pid", FakeCdcs.SERVER_URI + "pid/rest/local/cdcs/" + b.id());
    return m;
  }

  void assign(FakeHttp.Exchange ex, String user, long blob, long space) throws IOException {
    synchronized (fake) {
      FakeCdcs.Blob b = fake.blobs.get(blob);
      if (b == null || !fake.spaces.containsKey(space)) {
        FakeCdcs.send(ex, 404, Map.of("message", "Blob or workspace not found."));
      } else if (!fake.writes(user, space)) {
        FakeCdcs.send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
      } else {
        fake.blobs.put(blob, new FakeCdcs.Blob(b.id(), b.owner(), b.filename(), b.bytes(), space));
        FakeCdcs.send(ex, 200, Map.of());
      }
    }
  }

  void link(FakeHttp.Exchange ex, long blob, long metadata) throws IOException {
    synchronized (fake) {
      if (!fake.blobs.containsKey(blob) || !fake.data.containsKey(metadata)) {
        FakeCdcs.send(ex, 404, Map.of("message", "Blob or data not found."));
      } else {
        FakeCdcs.send(ex, 200, Map.of());
      }
    }
  }

  void blobDetail(FakeHttp.Exchange ex, String user, long id) throws IOException {
    synchronized (fake) {
      FakeCdcs.Blob b = fake.blobs.get(id);
      if (b == null) {
        FakeCdcs.send(ex, 404, Map.of("message", "Blob not found."));
      } else if (!fake.sees(user, b)) {
        FakeCdcs.send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
      } else if (ex.method().equals("DELETE")) {
        fake.blobs.remove(id);
        FakeCdcs.send(ex, 204, null);
      } else {
        FakeCdcs.send(ex, 200, blobJson(b));
      }
    }
  }

  void download(FakeHttp.Exchange ex, String user, long id) throws IOException {
    FakeCdcs.Blob b;
    synchronized (fake) {
      b = fake.blobs.get(id);
      if (b == null) {
        FakeCdcs.send(ex, 404, Map.of("message", "Blob not found."));
        return;
      } else if (!fake.sees(user, b)) {
        FakeCdcs.send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
        return;
      }
    }
    ex.responseHeader("Content-Type", "application/octet-stream");
    ex.responseHeader("Content-Disposition", "attachment; filename=\"" + b.filename() + "\"");
    try (OutputStream out = ex.respond(200, b.bytes().length)) {
      if (fake.stallDownloads) {
        out.write(b.bytes(), 0, b.bytes().length / 2);
        out.flush();
        fake.await();
        return;
      }
      out.write(b.bytes());
    }
  }
}
