package dev.upkeep.server.api.consent;

import java.util.Objects;

/**
 * HTML that a {@link Template} slot takes as it is, not escaped: markup a caller built itself with
 * every text in it escaped by {@link Html#escape}, or a trusted resource such as the page's style
 * sheet. Text goes into a slot as a plain {@code String}, which the template escapes.
 *
 * @param html the markup; not null
 */
record Markup(String html) {
  Markup {
    Objects.requireNonNull(html, "html");
  }
}
