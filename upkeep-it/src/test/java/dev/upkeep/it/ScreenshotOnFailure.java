package dev.upkeep.it;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Saves a screenshot of the browser to {@code target/<TestClass>-<method>-failure.png} when a test
 * fails, before {@code @AfterEach} closes the browser (which is why this is an {@link
 * AfterTestExecutionCallback} and not a {@code TestWatcher}: a watcher is told after the browser is
 * gone). Register it with {@code @RegisterExtension}, giving it the test's browser.
 */
final class ScreenshotOnFailure implements AfterTestExecutionCallback {
  private final Supplier<HeadlessChromium> browser;

  ScreenshotOnFailure(Supplier<HeadlessChromium> browser) {
    this.browser = browser;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    HeadlessChromium chromium = browser.get();
    if (context.getExecutionException().isEmpty() || chromium == null) {
      return;
    }
    Path file =
        Path.of(
            "target",
            context.getRequiredTestClass().getSimpleName()
                + "-"
                + context.getRequiredTestMethod().getName()
                + "-failure.png");
    try {
      chromium.screenshot(file);
      System.err.println("screenshot of the failure: " + file.toAbsolutePath());
    } catch (Exception e) {
      context.getExecutionException().get().addSuppressed(e);
    }
  }
}
