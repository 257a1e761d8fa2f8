package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from a PEM bundle of CA certificates, for an archive served with a private CA (as
 * curl's {@code --cacert} or Python's {@code REQUESTS_CA_BUNDLE}: the bundle replaces the JVM's
 * trust store). Verification itself is never turned off: there is no setting for that. Stateless.
 */
public final class CaBundle {
  private CaBundle() {}

  /**
   * An SSL context trusting exactly the certificates in {@code pem}.
   *
   * @throws IOException naming the file when it cannot be read or holds no certificate
   */
  public static SSLContext load(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException(pem + ": no PEM certificate in this CA bundle");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": not a CA bundle of PEM certificates: " + e.getMessage(), e);
    }
  }
}
