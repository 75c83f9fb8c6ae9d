package io.meshsdk.istio.internal.analysis;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/** Reads the certificates and keys of Secrets, as they come in a Secret's base64 data. */
final class Certificates {
  private Certificates() {}

  /** Whether base64 data decodes to at least one PEM certificate that parses. */
  static boolean parses(String base64) {
    byte[] pem = decode(base64);
    if (pem == null) {
      return false;
    }
    try {
      return !CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty();
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }

  /** Whether base64 data decodes to a PEM private key block with content. */
  static boolean isPrivateKey(String base64) {
    byte[] pem = decode(base64);
    if (pem == null) {
      return false;
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int end = text.indexOf("-----END ");
    if (begin < 0 || end < 0 || !text.substring(begin, text.indexOf('\n', begin) + 1).contains("PRIVATE KEY")) {
      return false;
    }
    String body = text.substring(text.indexOf('\n', begin) + 1, end).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
