package dev.upkeep.server.api.oauth;

import dev.upkeep.server.api.consent.LoopbackRedirect;
import dev.upkeep.server.api.consent.PageException;
import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.Pkce;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.projects.UnknownProjectException;
import dev.upkeep.server.store.Project;
import java.util.List;
import java.util.Map;

/**
 * An authorization request of Upkeep's own enrollment (RFC 6749 section 4.1.1 with RFC 7636 and RFC
 * 8252): {@code response_type=code&client_id=<owner/name>&redirect_uri=http://127.0.0.1:<port>/
 * <path>&state=<s>&code_challenge=<S256>&code_challenge_method=S256[&scope=usage]}.
 *
 * @param project the registered project named by {@code client_id}
 * @param redirectUri loopback {@code http} on {@code 127.0.0.1} or {@code [::1]}, any port
 * @param state opaque value returned with the answer, 1 to {@value #MAX_STATE_LENGTH} characters
 * @param challenge 43 URL-safe Base64 characters
 */
record AuthorizeRequest(Project project, String redirectUri, String state, String challenge) {
  static final int MAX_STATE_LENGTH = 512;

  /**
   * Reads and checks the request (query string or posted form). Every problem is answered with a
   * page, never a redirect, so a bad request cannot send the browser anywhere.
   *
   * @throws PageException 404 when {@code client_id} is not a registered project; 400 naming the
   *     parameter when {@code client_id}, {@code redirect_uri}, {@code response_type}, {@code
   *     code_challenge_method}, {@code code_challenge}, {@code state} or {@code scope} is missing,
   *     repeated or not allowed
   */
  static AuthorizeRequest parse(FormBody params, ProjectRegistry registry) {
    String repeated = params.repeatedName();
    if (repeated != null && !repeated.equals("decision")) {
      throw PageException.badParameter("The parameter \"" + repeated + "\" is repeated.");
    }
    String clientId = required(params, "client_id");
    Project project;
    try {
      project = registry.require(clientId);
    } catch (UnknownProjectException e) {
      throw PageException.unknownProject(clientId);
    }
    String redirectUri =
        LoopbackRedirect.require(
            "redirect_uri", params.first("redirect_uri"), LoopbackRedirect.OAUTH_HOSTS);
    if (!"code".equals(params.first("response_type"))) {
      throw PageException.badParameter("The parameter \"response_type\" must be code.");
    }
    if (!Pkce.METHOD.equals(params.first("code_challenge_method"))) {
      throw PageException.badParameter(
          "The parameter \"code_challenge_method\" must be S256 (PKCE, RFC 7636); was "
              + describe(params.first("code_challenge_method"))
              + ".");
    }
    String challenge = required(params, "code_challenge");
    if (!Pkce.CHALLENGE.matcher(challenge).matches()) {
      throw PageException.badParameter(
          "The parameter \"code_challenge\" must be the 43 URL-safe Base64 characters of a"
              + " SHA-256.");
    }
    String state = required(params, "state");
    if (state.length() > MAX_STATE_LENGTH) {
      throw PageException.badParameter(
          "The parameter \"state\" is longer than " + MAX_STATE_LENGTH + " characters.");
    }
    String scope = params.first("scope");
    if (scope != null && !scope.equals(Enrollments.SCOPE)) {
      throw PageException.badParameter(
          "The parameter \"scope\" must be "
              + Enrollments.SCOPE
              + ", was "
              + describe(scope)
              + ".");
    }
    return new AuthorizeRequest(project, redirectUri, state, challenge);
  }

  /** The parameters the consent form posts back, checked again there. */
  List<Map.Entry<String, String>> hidden() {
    return List.of(
        Map.entry("response_type", "code"),
        Map.entry("client_id", project.name()),
        Map.entry("redirect_uri", redirectUri),
        Map.entry("state", state),
        Map.entry("code_challenge", challenge),
        Map.entry("code_challenge_method", Pkce.METHOD),
        Map.entry("scope", Enrollments.SCOPE));
  }

  private static String required(FormBody params, String name) {
    String v = params.first(name);
    if (v == null || v.isEmpty()) {
      throw PageException.badParameter("The parameter \"" + name + "\" is missing.");
    }
    return v;
  }

  private static String describe(String value) {
    if (value == null) {
      return "missing";
    }
    return "\"" + (value.length() > 40 ? value.substring(0, 37) + "..." : value) + "\"";
  }
}
