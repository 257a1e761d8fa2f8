package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Release records in rmellipse's YAML, read and written with SnakeYAML, the Java port of PyYAML
 * (YAML 1.1, as rmellipse's {@code yaml.safe_dump} and {@code safe_load}).
 *
 * <p>Written as PyYAML's {@code safe_dump} writes with its defaults: keys sorted by code point,
 * block style, indent 2 with sequences not indented under their key, lines folded at 80 columns,
 * ASCII only (other characters escaped in double quotes, {@code "caf\xE9.txt"}), and every string
 * that YAML 1.1 would read as something else quoted ({@code 'yes'}, {@code 'no'}, {@code 'on'},
 * {@code '123'}, {@code '1.0'}, {@code '2026-01-01'}, {@code 'a: b #c'}) — so PyYAML reads back
 * exactly the strings written. LF line endings, UTF-8.
 *
 * <p>Read with safe constructors only, duplicate keys refused, at most {@value #MAX_RECORD_CHARS}
 * characters, nesting depth {@value #MAX_DEPTH} and 50 aliases (no billion laughs). Thread-safe.
 */
public final class RecordYaml {
  /** The largest record read, in characters: {@value} (a tree of about 200 000 files). */
  public static final int MAX_RECORD_CHARS = 64 * 1024 * 1024;

  /** The deepest nesting of a record read: {@value}. */
  public static final int MAX_DEPTH = 300;

  private RecordYaml() {}

  /**
   * Reads a record.
   *
   * @param in the YAML bytes, UTF-8; not closed
   * @param workspace the workspace it was found in
   * @param source names the record in messages
   * @throws IllegalArgumentException naming {@code source} when it is not YAML, not a mapping, too
   *     large or deep, or not a valid record (see {@link ReleaseRecord#read})
   * @throws IOException when it cannot be read
   */
  public static ReleaseRecord read(InputStream in, String workspace, String source)
      throws IOException {
    Object document;
    try {
      document = loader().load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalArgumentException(source + ": not a release record: " + firstLine(e), e);
    } catch (NumberFormatException e) {
      // SnakeYAML reads a bad escape such as "caf\x" with Integer.parseInt, unwrapped.
      throw new IllegalArgumentException(source + ": not a release record: " + firstLine(e), e);
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ": not a release record (not a YAML mapping)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) map;
    return ReleaseRecord.read(workspace, typed, source);
  }

  /** Parses any YAML document with the same safe loader (project and lock files). */
  static Object parse(Reader reader, String source) {
    try {
      return loader().load(reader);
    } catch (YAMLException | NumberFormatException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + firstLine(e), e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).strip();
    return m.replace('\n', ' ');
  }

  private static Yaml loader() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(MAX_RECORD_CHARS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  /** The record as rmellipse's {@code yaml.safe_dump} would write it. */
  public static String write(ReleaseRecord record) {
    return dump(record.document());
  }

  /** Any map of strings, numbers, booleans, lists and maps, written the same way. */
  public static String dump(Map<String, ?> document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setAllowUnicode(false);
    options.setWidth(80);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    Yaml yaml = new Yaml(new Representer(options), options);
    return yaml.dump(sorted(document));
  }

  /** Maps become TreeMaps ordered by code point, as Python orders str keys. */
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>(RecordYaml::compareCodePoints);
      map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return value;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
