package dev.upkeep.server.api.otumat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads otumat's event body as a stream, so that memory is bounded by the rows kept, not by the
 * body: {@code installId} and {@code headers} as small trees, then at most {@code maxRows} rows of
 * {@code rows} as trees; every further row is skipped token by token and only counted. Fields may
 * come in any order; unknown fields are skipped. Stateless, thread-safe.
 */
final class EventUpload {
  /**
   * Reads the trees of one field at a time, within {@link JsonLimits} (no trailing-token check:
   * more of the body follows).
   */
  private static final ObjectMapper TREES = new ObjectMapper(JsonLimits.factory());

  private EventUpload() {}

  /**
   * What was read.
   *
   * @param installId the {@code installId} value, or null when missing
   * @param headers the {@code headers} value, or null when missing
   * @param rows the first rows, at most {@code maxRows}, or null when {@code rows} is missing
   * @param dropped how many rows followed them, not kept
   */
  record Body(JsonNode installId, JsonNode headers, List<JsonNode> rows, int dropped) {}

  /**
   * Reads a body of at most {@code maxBytes} bytes.
   *
   * @throws ApiException 400 when the body is not one JSON object or {@code rows} is present but
   *     not an array; 413 when it is longer than {@code maxBytes}
   */
  static Body read(InputStream in, long maxBytes, int maxRows) {
    Limited limited = new Limited(in, maxBytes);
    try (JsonParser p = TREES.createParser(limited)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("The body must be a JSON object.");
      }
      JsonNode installId = null;
      JsonNode headers = null;
      List<JsonNode> rows = null;
      int dropped = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "installId" -> installId = p.readValueAsTree();
          case "headers" -> headers = p.readValueAsTree();
          case "rows" -> {
            if (value != JsonToken.START_ARRAY) {
              JsonNode n = p.readValueAsTree();
              throw ApiException.badRequest(
                  "\"rows\" must be an array of rows like [\"2024-05-01 10:00:00.123456\","
                      + " \"start\"], was "
                      + n.getNodeType().toString().toLowerCase(Locale.ROOT)
                      + ".");
            }
            rows = new ArrayList<>();
            dropped = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              if (rows.size() < maxRows) {
                rows.add(p.readValueAsTree());
              } else {
                p.skipChildren();
                dropped++;
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw ApiException.badRequest("The body is not valid JSON: data after the object.");
      }
      return new Body(installId, headers, rows, dropped);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The body is not valid JSON: " + JsonLimits.describe(e));
    } catch (TooLong e) {
      throw ApiException.tooLarge(maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  /** The body ended past the limit. */
  private static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;

    TooLong() {
      super("body too long", null);
    }
  }

  /** An input stream that fails with {@link TooLong} once more than {@code limit} bytes came. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --left < 0) {
        throw new TooLong();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, (int) Math.min(len, Math.max(1, left + 1)));
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw new TooLong();
        }
      }
      return n;
    }
  }
}
