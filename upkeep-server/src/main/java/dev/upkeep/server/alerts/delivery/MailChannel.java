package dev.upkeep.server.alerts.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Alert e-mail through an SMTP server with Eclipse Angus Mail: a UTF-8 plain-text message ({@link
 * AlertText#plain}) with the subject {@link AlertText#subject}, to every recipient at once.
 * STARTTLS is required when configured (never a silent fall back to plain text), and the server's
 * certificate and host name are checked for STARTTLS and TLS.
 *
 * <p>Judged like HTTP: refused connections, timeouts and 4xx replies (transient) are worth another
 * attempt; a refused login, 5xx replies (permanent), refused recipients and TLS failures are not.
 */
final class MailChannel implements Channel {
  private final Destination.Email destination;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration timeout;
  private final SSLContext ssl;

  MailChannel(
      Destination.Email destination,
      Clock clock,
      Duration connectTimeout,
      Duration timeout,
      SSLContext ssl) {
    this.destination = destination;
    this.clock = clock;
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.ssl = ssl;
  }

  @Override
  public SendResult send(Alert alert, String deliveryId, Secrets secrets) {
    SmtpSettings smtp = destination.smtp();
    String password = smtp.authenticates() ? secrets.reveal(smtp.password()) : null;
    Session session = Session.getInstance(properties(smtp));
    String label = destination.label();
    try {
      MimeMessage message = message(session, alert, deliveryId);
      try (Transport transport = session.getTransport(protocol(smtp))) {
        transport.connect(smtp.host(), smtp.port(), smtp.username(), password);
        transport.sendMessage(message, message.getAllRecipients());
      }
      return SendResult.ok(250);
    } catch (AuthenticationFailedException e) {
      return SendResult.fail(
          535,
          "SMTP server "
              + smtp.host()
              + ":"
              + smtp.port()
              + " refused the login of "
              + smtp.username()
              + ": "
              + message(e)
              + " (check the user and its password "
              + smtp.password()
              + ")");
    } catch (SMTPSendFailedException e) {
      return byReplyCode(e.getReturnCode(), label, e);
    } catch (SendFailedException e) {
      int code =
          e.getNextException() instanceof SMTPAddressFailedException a ? a.getReturnCode() : 0;
      return code / 100 == 4
          ? SendResult.retry(code, "SMTP server refused for now: " + message(e), null)
          : SendResult.fail(code, "recipients refused by " + label + ": " + message(e));
    } catch (MessagingException e) {
      return failure(e, label);
    }
  }

  private MimeMessage message(Session session, Alert alert, String deliveryId)
      throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(destination.smtp().from(), true));
    for (String to : destination.to()) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    }
    message.setSubject(AlertText.subject(alert), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    message.setHeader("X-Upkeep-Alert", alert.id());
    message.setHeader("X-Upkeep-Delivery", deliveryId);
    message.setText(AlertText.plain(alert), StandardCharsets.UTF_8.name());
    return message;
  }

  private static String protocol(SmtpSettings smtp) {
    return smtp.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp";
  }

  private Properties properties(SmtpSettings smtp) {
    String p = "mail." + protocol(smtp) + ".";
    Properties props = new Properties();
    props.put(p + "host", smtp.host());
    props.put(p + "port", Integer.toString(smtp.port()));
    props.put(p + "connectiontimeout", Long.toString(connectTimeout.toMillis()));
    props.put(p + "timeout", Long.toString(timeout.toMillis()));
    props.put(p + "writetimeout", Long.toString(timeout.toMillis()));
    props.put(p + "auth", Boolean.toString(smtp.authenticates()));
    props.put(p + "from", addressOnly(smtp.from()));
    if (smtp.security() == SmtpSettings.Security.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (smtp.security() != SmtpSettings.Security.NONE) {
      props.put(p + "ssl.checkserveridentity", "true");
      props.put(p + "ssl.socketFactory", ssl.getSocketFactory());
    }
    return props;
  }

  private static String addressOnly(String from) {
    try {
      return new InternetAddress(from, true).getAddress();
    } catch (MessagingException e) {
      return from;
    }
  }

  private static SendResult byReplyCode(int code, String label, MessagingException e) {
    String error = "SMTP " + code + " from " + label + ": " + message(e);
    return code / 100 == 4 ? SendResult.retry(code, error, null) : SendResult.fail(code, error);
  }

  private static SendResult failure(MessagingException e, String label) {
    Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
    if (cause instanceof SSLException) {
      return SendResult.fail(
          0,
          "TLS with " + label + " failed: " + message(cause) + " (check the server's certificate)");
    }
    if (e instanceof MailConnectException
        || cause instanceof ConnectException
        || cause instanceof SocketTimeoutException
        || cause instanceof UnknownHostException) {
      return SendResult.retry(0, "cannot reach " + label + ": " + message(e), null);
    }
    if (cause instanceof IOException) {
      return SendResult.retry(0, "SMTP with " + label + " failed: " + message(e), null);
    }
    return SendResult.fail(0, "SMTP with " + label + " failed: " + message(e));
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").strip();
  }
}
