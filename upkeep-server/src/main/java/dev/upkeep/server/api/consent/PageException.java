package dev.upkeep.server.api.consent;

/**
 * A request to a consent page that is answered with the error page: 400 for a bad parameter (named
 * in the message), 403 for a cross-site form post, 404 for an unregistered project, 413 for an
 * oversized form. The routes catch it and call {@link ConsentPage#error}.
 */
public final class PageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  public PageException(int status, String title, String message) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
  }

  /** 400 "This link is not valid" with a message naming the parameter. */
  public static PageException badParameter(String message) {
    return new PageException(400, "This link is not valid", message);
  }

  /** 404 for a project this server does not know. */
  public static PageException unknownProject(String project) {
    return new PageException(
        404,
        "Unknown project",
        "The project \"" + project + "\" is not registered on this Upkeep server.");
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Answers with the error page. */
  public void answer(ConsentPage page, io.javalin.http.Context ctx) {
    page.error(ctx, status, title, getMessage());
  }
}
