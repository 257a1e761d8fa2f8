package dev.upkeep.server.api.oauth;

import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.Credentials;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.OAuthException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token endpoint of Upkeep's own enrollment, {@code POST /oauth/token} (RFC 6749 sections 4.1.3
 * and 6, RFC 7636 section 4.5), for public clients: the {@code client_id} is the project's {@code
 * owner/name} and no secret is sent.
 *
 * <ul>
 *   <li>{@code grant_type=authorization_code&code&redirect_uri&code_verifier&client_id}: redeems
 *       the code once, creating the install.
 *   <li>{@code grant_type=refresh_token&refresh_token&client_id}: rotates the refresh token (the
 *       one sent is refused from then on).
 * </ul>
 *
 * Both answer 200 {@code {"access_token", "token_type": "Bearer", "expires_in", "refresh_token",
 * "scope", "install_id"}} with {@code Cache-Control: no-store}. Errors, {@code {"error",
 * "error_description"}}: 400 {@code invalid_request} (a missing or repeated parameter, a body that
 * is not a form, a malformed verifier), 400 {@code unsupported_grant_type}, 400 {@code
 * invalid_grant} (unknown, used or expired code, another redirect URI or client, a verifier that
 * does not match; unknown or used refresh token, one of another project or of an otumat install),
 * 401 {@code invalid_client} for a {@code client_id} that is not a registered project. Thread-safe.
 */
public final class TokenRoute implements Handler {
  private final ProjectRegistry registry;
  private final Enrollments enrollments;
  private final InstallAccess access;
  private final int maxBodyBytes;

  public TokenRoute(
      ProjectRegistry registry, Enrollments enrollments, InstallAccess access, int maxBodyBytes) {
    this.registry = registry;
    this.enrollments = enrollments;
    this.access = access;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    FormBody form = OAuthForms.read(ctx, maxBodyBytes);
    String repeated = form.repeatedName();
    if (repeated != null) {
      throw OAuthException.invalidRequest(repeated + " is repeated");
    }
    String grant = required(form, "grant_type");
    if (!grant.equals("authorization_code") && !grant.equals("refresh_token")) {
      throw OAuthException.unsupportedGrantType(
          "grant_type must be authorization_code or refresh_token, was \"" + grant + "\"");
    }
    String clientId = required(form, "client_id");
    Project project =
        registry
            .find(clientId)
            .orElseThrow(
                () ->
                    OAuthException.invalidClient(
                        "client_id " + clientId + " is not a project registered on this server"));
    Credentials c;
    if (grant.equals("authorization_code")) {
      c =
          enrollments.redeemCode(
              required(form, "code"),
              project,
              required(form, "redirect_uri"),
              required(form, "code_verifier"));
    } else {
      c =
          access.refresh(
              required(form, "refresh_token"),
              i -> i.flow() == Install.Flow.UPKEEP && i.projectId() == project.id());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", c.accessToken());
    body.put("token_type", "Bearer");
    body.put("expires_in", c.expiresIn());
    body.put("refresh_token", c.refreshToken());
    body.put("scope", c.scope());
    body.put("install_id", c.installId());
    ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache").json(body);
  }

  private static String required(FormBody form, String name) {
    String v = form.first(name);
    if (v == null || v.isEmpty()) {
      throw OAuthException.invalidRequest(name + " is required");
    }
    return v;
  }
}
