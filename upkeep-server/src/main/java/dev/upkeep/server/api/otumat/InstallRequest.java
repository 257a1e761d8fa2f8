package dev.upkeep.server.api.otumat;

import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.api.consent.LoopbackRedirect;
import dev.upkeep.server.api.consent.PageException;
import dev.upkeep.server.http.FormBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of otumat's install link, as otumat 0.3 sends them: {@code operatingSystem}
 * ({@code sys.platform}), {@code macAddress}, {@code platform} ({@code Python}), {@code
 * platformVersion} (e.g. {@code 3.11}), {@code packageManager}, {@code packageManagerVersion},
 * {@code packageName}, {@code packageVersion}, {@code location}, {@code timezone}, {@code
 * timestamp}, {@code health}, {@code redirect}, {@code cancel}.
 *
 * @param redirect where the browser goes after Allow, with the credentials in the query
 * @param cancel where the browser goes after Deny
 * @param kept the values stored with the install ({@link #KEPT}, in that order, those present)
 * @param received every parameter received but {@code decision} and the form token, in order, for
 *     the hidden inputs
 */
record InstallRequest(
    String redirect,
    String cancel,
    Map<String, String> kept,
    List<Map.Entry<String, String>> received) {

  /** The parameters stored with an install. */
  static final List<String> KEPT =
      List.of(
          "operatingSystem",
          "platform",
          "platformVersion",
          "packageManager",
          "packageManagerVersion",
          "packageName",
          "packageVersion");

  /** Longest value kept, in characters: {@value}. */
  static final int MAX_VALUE_LENGTH = 200;

  /**
   * Reads and checks the parameters (query string or posted form).
   *
   * @throws PageException 400 naming the parameter: {@code redirect} or {@code cancel} missing or
   *     not a loopback {@code http} URL, or a kept value longer than {@value #MAX_VALUE_LENGTH}
   */
  static InstallRequest parse(FormBody params) {
    String redirect = LoopbackRedirect.requireOtumat("redirect", params.first("redirect"));
    String cancel = LoopbackRedirect.requireOtumat("cancel", params.first("cancel"));
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : KEPT) {
      String v = params.first(name);
      if (v == null || v.isBlank()) {
        continue;
      }
      if (v.length() > MAX_VALUE_LENGTH) {
        throw PageException.badParameter(
            "The parameter \""
                + name
                + "\" is longer than "
                + MAX_VALUE_LENGTH
                + " characters ("
                + v.length()
                + ").");
      }
      kept.put(name, v.strip());
    }
    List<Map.Entry<String, String>> received = new ArrayList<>();
    for (Map.Entry<String, String> p : params.pairs()) {
      if (!p.getKey().equals("decision") && !p.getKey().equals(FormGuard.FIELD)) {
        received.add(p);
      }
    }
    return new InstallRequest(redirect, cancel, kept, received);
  }

  /** The reported package version, or null. */
  String packageVersion() {
    return kept.get("packageVersion");
  }
}
