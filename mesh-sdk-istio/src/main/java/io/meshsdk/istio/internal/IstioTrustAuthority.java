package io.meshsdk.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.TrustAuthority;
import io.meshsdk.trust.TrustRoot;
import io.meshsdk.trust.TrustState;
import io.meshsdk.trust.TrustStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's CAs in the form Istio's "plug in CA certificates" guide describes: a root, and per
 * cluster an intermediate it signs, written to the {@code cacerts} Secret in {@code istio-system}
 * as {@code ca-cert.pem}, {@code ca-key.pem}, {@code root-cert.pem} and {@code cert-chain.pem}.
 * Keys are ECDSA P-256, which istiod accepts for a plugged-in CA. Certificates are checked with
 * the JDK's PKIX {@link CertPathValidator}. No message here ever quotes key material or the text
 * a parser choked on.
 */
final class IstioTrustAuthority implements TrustAuthority {
  private static final Logger LOG = LoggerFactory.getLogger(IstioTrustAuthority.class);
  static final String CACERTS = "cacerts";
  static final String NAMESPACE = "istio-system";
  static final String CA_CERT = "ca-cert.pem";
  static final String CA_KEY = "ca-key.pem";
  static final String ROOT_CERT = "root-cert.pem";
  static final String CERT_CHAIN = "cert-chain.pem";
  /** The keys of the root in the store's secret storage. */
  static final String ROOT_KEY = "root-key.pem";
  static final ResourceType SECRET = ResourceType.namespaced("v1", "Secret", "secrets");
  private static final ResourceType POD = ResourceType.namespaced("v1", "Pod", "pods");
  /** When the SDK issued the intermediate a {@code cacerts} Secret holds, ISO-8601. */
  static final String ISSUED_AT = "mesh.meshsdk.io/issued-at";
  /** The labels of istiod's pods, whichever revision or installer made them. */
  private static final Map<String, String> ISTIOD = Map.of("app", "istiod");
  /** istiod's container in its pods. */
  private static final String DISCOVERY = "discovery";

  private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
  private static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(365);
  /** Tolerates clocks of the machines that check the certificate running a little behind. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public SecretData createRoot(String mesh, Clock clock) {
    KeyPair keys = keyPair();
    Instant now = clock.instant();
    X500Name subject = name("Root CA " + mesh, null);
    X509Certificate root = sign(subject, subject, keys.getPublic(), keys.getPrivate(), now, now.plus(ROOT_VALIDITY),
        null, keys.getPublic());
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put(ROOT_CERT, pem(root));
    values.put(ROOT_KEY, pem(keys.getPrivate()));
    return SecretData.of(values);
  }

  @Override
  public TrustRoot describe(SecretData root, String reference) {
    X509Certificate certificate = rootCertificate(root);
    return TrustRoot.builder().reference(reference).subject(certificate.getSubjectX500Principal().getName())
        .fingerprint(fingerprint(certificate)).notAfter(certificate.getNotAfter().toInstant()).build();
  }

  @Override
  public ResourceType caType() {
    return SECRET;
  }

  @Override
  public String caNamespace() {
    return NAMESPACE;
  }

  @Override
  public String caName() {
    return CACERTS;
  }

  @Override
  public MeshResource issueIntermediate(SecretData root, String mesh, String cluster, Clock clock) {
    X509Certificate rootCertificate = rootCertificate(root);
    PrivateKey rootKey = privateKey(root.get(ROOT_KEY).orElseThrow(() -> new MeshException(ErrorCode.BACKEND_ERROR,
        "the root of trust of mesh " + mesh + " has no private key in the store")), "the root of mesh " + mesh);
    KeyPair keys = keyPair();
    Instant now = clock.instant();
    Instant notAfter = now.plus(INTERMEDIATE_VALIDITY);
    if (notAfter.isAfter(rootCertificate.getNotAfter().toInstant())) {
      notAfter = rootCertificate.getNotAfter().toInstant();
    }
    X509Certificate intermediate = sign(X500Name.getInstance(rootCertificate.getSubjectX500Principal().getEncoded()),
        name("Intermediate CA " + mesh, cluster), keys.getPublic(), rootKey, now, notAfter, 0,
        rootCertificate.getPublicKey());
    Base64.Encoder base64 = Base64.getEncoder();
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CERT, base64.encodeToString(pem(intermediate)));
    data.put(CA_KEY, base64.encodeToString(pem(keys.getPrivate())));
    data.put(ROOT_CERT, base64.encodeToString(pem(rootCertificate)));
    data.put(CERT_CHAIN, base64.encodeToString(concat(pem(intermediate), pem(rootCertificate))));
    return IstioJson.toResource(new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(CACERTS).withNamespace(NAMESPACE)
            .withAnnotations(Map.of(ISSUED_AT, now.toString())).build())
        .withType("Opaque")
        .withData(data)
        .build());
  }

  @Override
  public TrustStatus verify(SecretData root, String cluster, Optional<MeshResource> ca, Clock clock) {
    X509Certificate meshRoot = rootCertificate(root);
    TrustStatus.Builder status = TrustStatus.builder().cluster(cluster);
    if (ca.isEmpty()) {
      return status.state(TrustState.MISSING).detail("cluster " + cluster + " has no " + NAMESPACE + "/" + CACERTS
          + " Secret, so its istiod signs with a root of its own").build();
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    ca.get().field("data").ifPresent(d -> d.fields().forEachRemaining(e -> {
      try {
        data.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
      } catch (IllegalArgumentException bad) {
        data.put(e.getKey(), new byte[0]);
      }
    }));
    for (String key : List.of(CA_CERT, CA_KEY, ROOT_CERT, CERT_CHAIN)) {
      if (data.getOrDefault(key, new byte[0]).length == 0) {
        return status.state(TrustState.INVALID).detail("the " + CACERTS + " Secret of cluster " + cluster
            + " lacks " + key).build();
      }
    }
    List<X509Certificate> roots;
    List<X509Certificate> chain;
    X509Certificate caCert;
    try {
      roots = certificates(data.get(ROOT_CERT));
      chain = certificates(data.get(CERT_CHAIN));
      List<X509Certificate> caCerts = certificates(data.get(CA_CERT));
      if (roots.isEmpty() || chain.isEmpty() || caCerts.isEmpty()) {
        throw new CertificateException("empty");
      }
      caCert = caCerts.get(0);
    } catch (CertificateException e) {
      return status.state(TrustState.INVALID).detail("the certificates in the " + CACERTS + " Secret of cluster "
          + cluster + " cannot be read as PEM X.509 certificates").build();
    }
    status.rootFingerprint(fingerprint(roots.get(0))).intermediateNotAfter(caCert.getNotAfter().toInstant());
    String meshFingerprint = fingerprint(meshRoot);
    boolean trustsMeshRoot = roots.stream().anyMatch(r -> fingerprint(r).equals(meshFingerprint));
    if (!trustsMeshRoot) {
      return status.state(TrustState.DIFFERENT_ROOT).detail("cluster " + cluster + " trusts root "
          + roots.get(0).getSubjectX500Principal().getName() + " (" + fingerprint(roots.get(0)).substring(0, 16)
          + "…), not the mesh's root (" + meshFingerprint.substring(0, 16) + "…)").build();
    }
    if (!chain.get(0).equals(caCert)) {
      return status.state(TrustState.INVALID).detail("the " + CERT_CHAIN + " of cluster " + cluster
          + " does not start with its " + CA_CERT).build();
    }
    try {
      validate(meshRoot, chain, clock.instant());
    } catch (CertPathValidatorException e) {
      boolean otherIssuer = !chain.get(chain.size() - 1).getIssuerX500Principal().equals(meshRoot.getSubjectX500Principal())
          && chain.stream().noneMatch(c -> fingerprint(c).equals(meshFingerprint));
      return status.state(otherIssuer ? TrustState.DIFFERENT_ROOT : TrustState.INVALID)
          .detail("the CA of cluster " + cluster + " does not verify against the mesh's root: " + reason(e)).build();
    }
    if (!keyMatches(data.get(CA_KEY), caCert)) {
      return status.state(TrustState.INVALID).detail("the " + CA_KEY + " of cluster " + cluster
          + " does not belong to its " + CA_CERT).build();
    }
    return status.state(TrustState.VERIFIED).detail("the CA of cluster " + cluster + " chains to the mesh's root and"
        + " is valid until " + caCert.getNotAfter().toInstant()).build();
  }

  @Override
  public Optional<String> notLoaded(ClusterConnection connection, MeshResource ca) {
    Optional<Instant> written = issuedAt(ca);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    List<MeshResource> pods;
    try {
      pods = connection.list(POD, NAMESPACE, ISTIOD);
    } catch (MeshException e) {
      LOG.debug("cannot tell whether istiod on cluster {} loaded its CA: listing its pods failed ({})",
          connection.cluster(), e.getMessage());
      return Optional.empty();
    }
    List<String> stale = new ArrayList<>();
    Set<String> deployments = new TreeSet<>();
    for (MeshResource pod : pods) {
      Optional<Instant> started = discoveryStarted(pod);
      if (started.isPresent() && started.get().isBefore(written.get()) && !reloadsCa(pod)) {
        stale.add(pod.name() + " (started " + started.get() + ")");
        deploymentOf(pod).ifPresent(deployments::add);
      }
    }
    if (stale.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("istiod on cluster " + connection.cluster() + " still signs with the CA it read when it started:"
        + " pod" + (stale.size() == 1 ? " " : "s ") + String.join(", ", stale) + " started before the " + CACERTS
        + " it holds was issued (" + written.get() + ") and " + (stale.size() == 1 ? "does" : "do") + " not reload it ("
        + SailControlPlane.AUTO_RELOAD_CA + " is not true). Restart istiod"
        + (deployments.isEmpty() ? "" : " (kubectl -n " + NAMESPACE + " rollout restart deployment/"
            + String.join(" deployment/", deployments) + ")")
        + " so that it signs with the mesh's root");
  }

  /**
   * The Deployment a pod belongs to: its ReplicaSet's name less the pod template hash, as the
   * Deployment controller names ReplicaSets.
   */
  private static Optional<String> deploymentOf(MeshResource pod) {
    String hash = pod.labels().get("pod-template-hash");
    for (JsonNode owner : pod.content().path("metadata").path("ownerReferences")) {
      String name = owner.path("name").asText("");
      if ("ReplicaSet".equals(owner.path("kind").asText()) && hash != null && name.endsWith("-" + hash)) {
        return Optional.of(name.substring(0, name.length() - hash.length() - 1));
      }
    }
    return Optional.empty();
  }

  /**
   * When the CA in a {@code cacerts} Secret was issued: as the SDK recorded it, else the start of
   * the intermediate's validity (a CA someone else plugged in).
   */
  private static Optional<Instant> issuedAt(MeshResource ca) {
    String recorded = ca.annotations().get(ISSUED_AT);
    if (recorded != null) {
      try {
        return Optional.of(Instant.parse(recorded));
      } catch (DateTimeParseException e) {
        // fall back to the certificate
      }
    }
    try {
      List<X509Certificate> certificates = certificates(Base64.getDecoder().decode(
          ca.field("data").map(d -> d.path(CA_CERT).asText("")).orElse("")));
      return certificates.isEmpty() ? Optional.empty()
          : Optional.of(certificates.get(0).getNotBefore().toInstant());
    } catch (IllegalArgumentException | CertificateException e) {
      return Optional.empty();
    }
  }

  /** When istiod's container last started in a pod, or the pod itself; empty while it has not. */
  private static Optional<Instant> discoveryStarted(MeshResource pod) {
    JsonNode status = pod.content().path("status");
    for (JsonNode container : status.path("containerStatuses")) {
      if (DISCOVERY.equals(container.path("name").asText())) {
        String startedAt = container.path("state").path("running").path("startedAt").asText("");
        return startedAt.isEmpty() ? Optional.empty() : parseInstant(startedAt);
      }
    }
    String startTime = status.path("startTime").asText("");
    return startTime.isEmpty() ? Optional.empty() : parseInstant(startTime);
  }

  private static Optional<Instant> parseInstant(String value) {
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether istiod's container in a pod reloads a changed {@code cacerts} by itself. */
  private static boolean reloadsCa(MeshResource pod) {
    for (JsonNode container : pod.content().path("spec").path("containers")) {
      if (!DISCOVERY.equals(container.path("name").asText())) {
        continue;
      }
      for (JsonNode env : container.path("env")) {
        if (SailControlPlane.AUTO_RELOAD_CA.equals(env.path("name").asText())) {
          return "true".equalsIgnoreCase(env.path("value").asText());
        }
      }
    }
    return false;
  }

  /** Validates a chain (leaf first, the root itself optional at its end) against a root, at a time. */
  static void validate(X509Certificate root, List<X509Certificate> chain, Instant at) throws CertPathValidatorException {
    List<X509Certificate> path = new ArrayList<>(chain);
    while (!path.isEmpty() && path.get(path.size() - 1).equals(root)) {
      path.remove(path.size() - 1);
    }
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
          parameters);
    } catch (CertPathValidatorException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new CertPathValidatorException("the chain could not be checked: " + e.getClass().getSimpleName());
    }
  }

  private static String reason(CertPathValidatorException e) {
    if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
      return "a certificate has expired";
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return "a certificate is not valid yet";
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
      return "a signature does not verify";
    }
    return "the chain does not lead to it";
  }

  /** Whether a PEM private key signs what the certificate's public key verifies; the key is never shown. */
  private static boolean keyMatches(byte[] keyPem, X509Certificate certificate) {
    try {
      PrivateKey key = privateKey(keyPem, "a cluster's CA");
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      String algorithm = "EC".equals(key.getAlgorithm()) ? SIGNATURE : "SHA256withRSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | MeshException e) {
      return false;
    }
  }

  private static X500Name name(String commonName, String locality) {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "mesh-sdk");
    if (locality != null) {
      name.addRDN(BCStyle.L, locality);
    }
    return name.addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new MeshException(ErrorCode.INTERNAL, "this JVM cannot make ECDSA P-256 keys", e);
    }
  }

  /** A CA certificate: {@code pathLength} null for a root, 0 for an intermediate that signs only workloads. */
  private static X509Certificate sign(X500Name issuer, X500Name subject, PublicKey publicKey,
      PrivateKey signingKey, Instant now, Instant notAfter, Integer pathLength, PublicKey issuerKey) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey)
          .addExtension(Extension.basicConstraints, true,
              pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuerKey));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signingKey)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new MeshException(ErrorCode.INTERNAL, "could not sign a CA certificate: " + e.getClass().getSimpleName(), e);
    }
  }

  private static X509Certificate rootCertificate(SecretData root) {
    try {
      List<X509Certificate> certificates = certificates(root.get(ROOT_CERT).orElse(new byte[0]));
      if (certificates.isEmpty()) {
        throw new CertificateException("empty");
      }
      return certificates.get(0);
    } catch (CertificateException e) {
      throw new MeshException(ErrorCode.BACKEND_ERROR, "the store holds no readable root certificate for the mesh");
    }
  }

  static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
    Collection<? extends Certificate> read =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate certificate : read) {
      out.add((X509Certificate) certificate);
    }
    return out;
  }

  private static PrivateKey privateKey(byte[] pem, String whose) {
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object read = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PrivateKeyInfo) {
        return converter.getPrivateKey((PrivateKeyInfo) read);
      }
      if (read instanceof PEMKeyPair) {
        return converter.getKeyPair((PEMKeyPair) read).getPrivate();
      }
    } catch (IOException | RuntimeException e) {
      // the parser's message may quote the text it read
    }
    throw new MeshException(ErrorCode.BACKEND_ERROR, "the private key of " + whose + " is not a readable PEM key");
  }

  static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static byte[] pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PrivateKey) {
        writer.writeObject(new JcaPKCS8Generator((PrivateKey) object, null));
      } else {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new MeshException(ErrorCode.INTERNAL, "could not write PEM: " + e.getClass().getSimpleName());
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] out = new byte[first.length + second.length];
    System.arraycopy(first, 0, out, 0, first.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }
}
