package dev.upkeep.server.api.otumat;

import dev.upkeep.server.api.consent.ConsentForm;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.api.consent.LoopbackRedirect;
import dev.upkeep.server.api.consent.PageException;
import dev.upkeep.server.http.FormBody;
import dev.upkeep.server.installs.Credentials;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * otumat's install page, {@code /otumat/{owner}/{name}/user/usage-install} (PROTOCOLS.md section 3,
 * items 1 and 2).
 *
 * <ul>
 *   <li>GET with otumat's parameters ({@link InstallRequest}): 200, the consent page, whose form
 *       posts every received parameter back to the same path with {@code decision}.
 *   <li>POST {@code decision=allow}: creates the install (flow {@code otumat}) and answers 303 to
 *       {@code redirect?accessToken&refreshToken&expiresIn&scope&installId&clientId&clientSecret},
 *       or with {@code Accept: application/json} 201 {@code {"installId", "accessToken",
 *       "refreshToken", "expiresIn", "scope", "clientId", "clientSecret"}}.
 *   <li>POST {@code decision=deny}: 303 to {@code cancel}; nothing stored.
 * </ul>
 *
 * Errors are HTML pages: 404 for an unregistered project, 400 naming a missing or non-loopback
 * {@code redirect}/{@code cancel} (a host name, {@code https}, ...; any IP literal is accepted, see
 * {@link LoopbackRedirect#requireOtumat}) or another bad parameter, 403 for a cross-site post, 413
 * for a form over {@code max-body-bytes}. A post must carry the form's {@link FormGuard} token and
 * cookie and come from this server's page ({@code Origin}); otherwise it is refused with a 403 page
 * and nothing is stored. {@code macAddress}, {@code location} and {@code timezone} are never
 * stored. Thread-safe.
 */
public final class InstallPage {
  private final ProjectRegistry registry;
  private final Enrollments enrollments;
  private final ConsentPage page;
  private final FormGuard guard;
  private final int maxBodyBytes;

  public InstallPage(
      ProjectRegistry registry,
      Enrollments enrollments,
      ConsentPage page,
      FormGuard guard,
      int maxBodyBytes) {
    this.registry = registry;
    this.enrollments = enrollments;
    this.page = page;
    this.guard = guard;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** GET: the consent page. */
  public void show(Context ctx) {
    try {
      Project project = project(ctx);
      InstallRequest request = InstallRequest.parse(FormBody.query(ctx));
      page.show(ctx, consent(project, request, guard.issue(ctx)));
    } catch (PageException e) {
      e.answer(page, ctx);
    }
  }

  /** POST: the user's decision. */
  public void decide(Context ctx) {
    try {
      Project project = project(ctx);
      FormBody form = ConsentForm.read(ctx, maxBodyBytes, guard);
      InstallRequest request = InstallRequest.parse(form);
      if (ConsentForm.decision(form) == ConsentForm.Decision.DENY) {
        seeOther(ctx, request.cancel());
        return;
      }
      Credentials c = enrollments.enrollOtumat(project, request.kept(), request.packageVersion());
      String accept = ctx.header("Accept");
      if (accept != null && accept.contains("application/json")) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installId", c.installId());
        body.put("accessToken", c.accessToken());
        body.put("refreshToken", c.refreshToken());
        body.put("expiresIn", c.expiresIn());
        body.put("scope", c.scope());
        body.put("clientId", c.clientId());
        body.put("clientSecret", c.clientSecret());
        ctx.status(201).header("Cache-Control", "no-store").json(body);
        return;
      }
      seeOther(
          ctx,
          LoopbackRedirect.withQuery(
              request.redirect(),
              List.of(
                  Map.entry("accessToken", c.accessToken()),
                  Map.entry("refreshToken", c.refreshToken()),
                  Map.entry("expiresIn", Long.toString(c.expiresIn())),
                  Map.entry("scope", c.scope()),
                  Map.entry("installId", c.installId()),
                  Map.entry("clientId", c.clientId()),
                  Map.entry("clientSecret", c.clientSecret()))));
    } catch (PageException e) {
      e.answer(page, ctx);
    }
  }

  private Project project(Context ctx) {
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    return registry.find(name).orElseThrow(() -> PageException.unknownProject(name));
  }

  private static void seeOther(Context ctx, String location) {
    ctx.status(303)
        .header("Location", location)
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer");
  }

  private static ConsentPage.Consent consent(Project project, InstallRequest r, String token) {
    Map<String, String> k = r.kept();
    String pkg = k.getOrDefault("packageName", "An application");
    if (k.containsKey("packageVersion")) {
      pkg += " " + k.get("packageVersion");
    }
    List<String> stored = new ArrayList<>();
    stored.add("A random id for this installation; no name, e-mail address or account.");
    if (k.containsKey("packageName") || k.containsKey("packageVersion")) {
      stored.add("The package and its version: " + pkg + ".");
    }
    if (k.containsKey("operatingSystem")) {
      stored.add("Your operating system: " + k.get("operatingSystem") + ".");
    }
    if (k.containsKey("platform") || k.containsKey("platformVersion")) {
      stored.add("The language it runs on: " + join(k, "platform", "platformVersion") + ".");
    }
    if (k.containsKey("packageManager") || k.containsKey("packageManagerVersion")) {
      stored.add(
          "How it was installed: " + join(k, "packageManager", "packageManagerVersion") + ".");
    }
    stored.add("Each usage event the package records: its type and when it happened.");
    return new ConsentPage.Consent(
        "Share usage of " + project.name() + "?",
        "Share usage of " + project.name() + " with its maintainers?",
        pkg + " asks to send usage events to the maintainers of " + project.name() + ".",
        stored,
        List.of("Your MAC address.", "Your location.", "Your time zone.", "Your IP address."),
        "Nothing is stored if you choose Deny. If you allow, this installation gets its own"
            + " tokens to send events; the maintainers see counts of events by version and day.",
        destination(pkg, r),
        "usage-install",
        FormGuard.withToken(r.received(), token));
  }

  /**
   * Where the browser goes: the address of otumat's callback server, with a warning when it is not
   * this computer's loopback address (otumat names its machine's own address, which may be public).
   */
  static String destination(String pkg, InstallRequest r) {
    String to = LoopbackRedirect.origin(r.redirect());
    String cancel = LoopbackRedirect.origin(r.cancel());
    String text =
        "After you choose, your browser is sent to "
            + to
            + (cancel.equals(to) ? "" : " (or, if you choose Deny, to " + cancel + ")")
            + ", the address "
            + pkg
            + " gave for itself.";
    if (!LoopbackRedirect.loopback(r.redirect()) || !LoopbackRedirect.loopback(r.cancel())) {
      text +=
          " This is not a loopback address: if you allow, the installation's tokens travel to it"
              + " in plain HTTP. Allow only if it is the address of the computer you installed"
              + " the package on.";
    }
    return text;
  }

  private static String join(Map<String, String> k, String a, String b) {
    return (k.getOrDefault(a, "") + " " + k.getOrDefault(b, "")).strip();
  }
}
