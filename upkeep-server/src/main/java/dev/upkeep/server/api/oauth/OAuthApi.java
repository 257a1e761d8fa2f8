package dev.upkeep.server.api.oauth;

import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.http.HttpErrors;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.OAuthException;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Upkeep's own enrollment (OAuth 2.0 with PKCE): {@code /oauth/authorize} and {@code /oauth/token},
 * and RFC 6749's answer to an {@link OAuthException}: {@code {"error", "error_description"}} with
 * {@code Cache-Control: no-store} (and {@code WWW-Authenticate} for 401), counted as {@code
 * oauth_<error>}.
 */
public final class OAuthApi {
  private final ApiContext api;
  private final Enrollments enrollments;
  private final InstallAccess installAccess;
  private final ConsentPage consent;
  private final FormGuard formGuard;
  private final int maxBodyBytes;

  /**
   * @param maxBodyBytes {@code max-body-bytes}
   */
  public OAuthApi(
      ApiContext api,
      Enrollments enrollments,
      InstallAccess installAccess,
      ConsentPage consent,
      FormGuard formGuard,
      int maxBodyBytes) {
    this.api = api;
    this.enrollments = enrollments;
    this.installAccess = installAccess;
    this.consent = consent;
    this.formGuard = formGuard;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes and the answer to {@link OAuthException}. */
  public void install(RoutesConfig routes) {
    AuthorizePage authorize =
        new AuthorizePage(api.registry(), enrollments, consent, formGuard, maxBodyBytes);
    TokenRoute token = new TokenRoute(api.registry(), enrollments, installAccess, maxBodyBytes);
    routes.get("/oauth/authorize", authorize::show);
    routes.post("/oauth/authorize", authorize::decide);
    routes.post("/oauth/token", token);
    routes.exception(
        OAuthException.class,
        (e, ctx) -> {
          HttpErrors.count(api.metrics(), "oauth_" + e.error());
          if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"upkeep\"");
          }
          Map<String, String> body = new LinkedHashMap<>();
          body.put("error", e.error());
          body.put("error_description", e.description());
          ctx.status(e.status()).header("Cache-Control", "no-store").json(body);
        });
  }
}
