package dev.upkeep.server.api.otumat;

import dev.upkeep.server.api.oauth.OAuthForms;
import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.Credentials;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.OAuthException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * otumat's token refresh, {@code POST /otumat/{owner}/{name}/auth/token} (PROTOCOLS.md section 3,
 * item 4): the OAuth 2.0 refresh grant (RFC 6749 section 6) of a confidential client, as otumat 0.3
 * sends it, {@code Authorization: Basic base64(clientId:clientSecret)} and the form {@code
 * grant_type=refresh_token&refresh_token=<rt>}.
 *
 * <p>200 {@code {"access_token", "expires_in", "refresh_token", "scope"}} with a new refresh token;
 * the one sent is refused from then on. Errors (RFC 6749 section 5.2, {@code {"error",
 * "error_description"}}): no, malformed or wrong Basic credentials, or a client of another project
 * → 401 {@code invalid_client}; a grant type other than {@code refresh_token} → 400 {@code
 * unsupported_grant_type}; a missing parameter → 400 {@code invalid_request}; an unknown or used
 * refresh token, or one of another install → 400 {@code invalid_grant}. 404 for an unregistered
 * project. Thread-safe.
 */
public final class RefreshRoute implements Handler {
  private final ProjectRegistry registry;
  private final InstallAccess access;
  private final int maxBodyBytes;

  public RefreshRoute(ProjectRegistry registry, InstallAccess access, int maxBodyBytes) {
    this.registry = registry;
    this.access = access;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    Project project = registry.require(name);
    String[] basic = basic(ctx.header("Authorization"));
    Install client = access.authenticateClient(basic[0], basic[1]);
    if (client.projectId() != project.id()) {
      throw OAuthException.invalidClient(
          "client " + client.clientId() + " is not enrolled for project " + name);
    }
    FormBody form = OAuthForms.read(ctx, maxBodyBytes);
    String grant = form.first("grant_type");
    if (grant == null || grant.isEmpty()) {
      throw OAuthException.invalidRequest("grant_type is required: refresh_token");
    }
    if (!grant.equals("refresh_token")) {
      throw OAuthException.unsupportedGrantType(
          "grant_type must be refresh_token here, was \"" + grant + "\"");
    }
    String refreshToken = form.first("refresh_token");
    if (refreshToken == null || refreshToken.isEmpty()) {
      throw OAuthException.invalidRequest("refresh_token is required");
    }
    Credentials c = access.refresh(refreshToken, i -> i.id().equals(client.id()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", c.accessToken());
    body.put("expires_in", c.expiresIn());
    body.put("refresh_token", c.refreshToken());
    body.put("scope", c.scope());
    ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache").json(body);
  }

  /**
   * The client id and secret of a Basic header (RFC 6749 section 2.3.1: each form-urlencoded, then
   * {@code id:secret} in Base64).
   *
   * @throws OAuthException {@code invalid_client} when the header is missing or malformed
   */
  static String[] basic(String authorization) {
    if (authorization == null || !authorization.strip().regionMatches(true, 0, "Basic ", 0, 6)) {
      throw OAuthException.invalidClient(
          "client authentication is required: Authorization: Basic base64(client_id:client_secret)");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.strip().substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("the Basic credentials are not valid Base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw OAuthException.invalidClient("the Basic credentials must be client_id:client_secret");
    }
    try {
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("the Basic credentials are malformed");
    }
  }
}
