/**
 * Wire model of Upkeep's own event API and a small, fast, dependency-free JSON codec.
 *
 * <p>{@link dev.upkeep.protocol.Json} parses and writes strict RFC 8259 JSON using plain JDK
 * collections. {@link dev.upkeep.protocol.WireEvent} is one usage event as sent to {@code POST
 * /v1/events}, and {@link dev.upkeep.protocol.EventBatch} decodes and encodes whole request bodies
 * (a JSON array of events, or NDJSON). Malformed JSON is reported as {@link
 * dev.upkeep.protocol.JsonException}; well-formed JSON that breaks the event rules is reported as
 * {@link dev.upkeep.protocol.WireFormatException}, listing every problem at once. {@link
 * dev.upkeep.protocol.Utf8} decodes bytes as strict UTF-8.
 *
 * <p>The package needs only {@code java.base} and compiles to Java 11 bytecode, so it can be
 * embedded in client libraries.
 */
package dev.upkeep.protocol;
