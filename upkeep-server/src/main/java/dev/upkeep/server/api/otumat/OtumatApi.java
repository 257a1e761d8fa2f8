package dev.upkeep.server.api.otumat;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.http.HttpErrors;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.InstallTokenException;
import io.javalin.config.RoutesConfig;

/**
 * otumat's routes under {@code /otumat/{owner}/{name}}: the install page, the event upload and the
 * token refresh, and otumat's answer to a refused install access token: 401 with {@code
 * {"error_msg": "Authorization Failed", "error_desc": ...}} (byte for byte as {@link
 * InstallTokenException} shows), counted as {@code token_expired} or {@code token_invalid}.
 */
public final class OtumatApi {
  private final ApiContext api;
  private final Enrollments enrollments;
  private final InstallAccess installAccess;
  private final ConsentPage consent;
  private final FormGuard formGuard;
  private final UploadLimits limits;
  private final int maxBodyBytes;

  /**
   * @param maxBodyBytes {@code max-body-bytes}, for the install page and the refresh
   */
  public OtumatApi(
      ApiContext api,
      Enrollments enrollments,
      InstallAccess installAccess,
      ConsentPage consent,
      FormGuard formGuard,
      UploadLimits limits,
      int maxBodyBytes) {
    this.api = api;
    this.enrollments = enrollments;
    this.installAccess = installAccess;
    this.consent = consent;
    this.formGuard = formGuard;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Registers the routes and the answer to {@link InstallTokenException}. */
  public void install(RoutesConfig routes) {
    InstallPage page =
        new InstallPage(api.registry(), enrollments, consent, formGuard, maxBodyBytes);
    EventRoute events =
        new EventRoute(api.registry(), installAccess, api.pipeline(), api.clock(), limits);
    RefreshRoute refresh = new RefreshRoute(api.registry(), installAccess, maxBodyBytes);
    routes.get("/otumat/{owner}/{name}/user/usage-install", page::show);
    routes.post("/otumat/{owner}/{name}/user/usage-install", page::decide);
    routes.post("/otumat/{owner}/{name}/api/usage-event", events);
    routes.post("/otumat/{owner}/{name}/auth/token", refresh);
    routes.exception(
        InstallTokenException.class,
        (e, ctx) -> {
          HttpErrors.count(api.metrics(), e.expiredToken() ? "token_expired" : "token_invalid");
          ctx.status(401)
              .contentType("application/json")
              .result(
                  "{\"error_msg\": \"Authorization Failed\", \"error_desc\": "
                      + Json.write(e.errorDesc())
                      + "}");
        });
  }
}
