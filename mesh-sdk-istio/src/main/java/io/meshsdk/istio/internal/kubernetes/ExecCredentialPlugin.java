package io.meshsdk.istio.internal.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a kubeconfig user's {@code exec} credential plugin, as client-go does, in place of fabric8.
 * fabric8 runs the command line through a shell, so that an argument such as {@code $(...)} is
 * expanded, and logs the plugin's output at WARN when the plugin fails or prints something it
 * cannot read, output that may be a credential. Here the command runs without a shell, with a
 * time limit; its standard error is discarded, its output is never logged or quoted in a message,
 * and a token is kept until the expiry the plugin gave.
 */
final class ExecCredentialPlugin {
  /** How long a token without an expiry is used before the plugin is asked again. */
  static final Duration UNDATED_TOKEN_LIFETIME = Duration.ofMinutes(1);

  private static final int MAX_OUTPUT = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecConfig exec;
  private final File kubeconfigFile;
  private final String field;
  private final Duration timeout;
  private final Clock clock;

  /**
   * Describes a plugin.
   *
   * @param exec the user's {@code exec} entry
   * @param kubeconfigFile the kubeconfig file, against which a relative command is resolved; or
   *     {@code null} for a kubeconfig that is not a file
   * @param field the entry and its kubeconfig, for messages, such as {@code users['admin'].user.exec
   *     of the kubeconfig file a.yaml of cluster bj-1}
   * @param timeout how long one run may take
   * @param clock now, for expiries
   */
  ExecCredentialPlugin(ExecConfig exec, File kubeconfigFile, String field, Duration timeout, Clock clock) {
    this.exec = exec;
    this.kubeconfigFile = kubeconfigFile;
    this.field = field;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** What one run of the plugin supplied: a token, or a client certificate and key. */
  static final class Credential {
    private final String token;
    private final String certificate;
    private final String key;
    private final Instant expiry;

    private Credential(String token, String certificate, String key, Instant expiry) {
      this.token = token;
      this.certificate = certificate;
      this.key = key;
      this.expiry = expiry;
    }

    /** The bearer token, or {@code null} when the plugin supplied a certificate. */
    String token() {
      return token;
    }

    /** The PEM client certificate, base64-encoded as in a kubeconfig; or {@code null}. */
    String certificate() {
      return certificate;
    }

    /** The PEM client key, base64-encoded as in a kubeconfig; or {@code null}. */
    String key() {
      return key;
    }

    @Override
    public String toString() {
      return "Credential[" + (token != null ? "token" : "client certificate") + "]";
    }
  }

  /**
   * Tokens from the plugin, starting with one already obtained: each is used until its expiry,
   * or for {@link #UNDATED_TOKEN_LIFETIME} when the plugin gave none, then the plugin runs again.
   *
   * @param first the first run's credential, which holds a token
   * @return the provider fabric8 asks before each request
   */
  OAuthTokenProvider tokens(Credential first) {
    return new OAuthTokenProvider() {
      private Credential current = first;
      private Instant obtained = clock.instant();

      @Override
      public synchronized String getToken() {
        Instant now = clock.instant();
        Instant expiry = current.expiry != null ? current.expiry : obtained.plus(UNDATED_TOKEN_LIFETIME);
        if (!now.isBefore(expiry)) {
          Credential next = run();
          if (next.token == null) {
            throw new MeshException(ErrorCode.CONFIGURATION, field + " supplied a client certificate"
                + " where it had supplied a token");
          }
          current = next;
          obtained = now;
        }
        return current.token;
      }
    };
  }

  /**
   * Runs the plugin once.
   *
   * @return what it supplied
   * @throws MeshException with {@link ErrorCode#CONFIGURATION} when it cannot be started, fails,
   *     or prints no usable {@code ExecCredential}; with {@link ErrorCode#TIMEOUT} when it takes
   *     longer than the time limit; with {@link ErrorCode#INTERRUPTED} when interrupted
   */
  Credential run() {
    ProcessBuilder builder = new ProcessBuilder(command())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
    if (exec.getEnv() != null) {
      for (ExecEnvVar variable : exec.getEnv()) {
        if (variable != null && variable.getName() != null) {
          builder.environment().put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
        }
      }
    }
    builder.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + apiVersion()
        + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      // the message names the command only, which is no secret
      throw new MeshException(ErrorCode.CONFIGURATION, field + " could not be started: " + e.getMessage());
    }
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new MeshException(ErrorCode.TIMEOUT, field + " did not finish within " + timeout);
      }
      if (process.exitValue() != 0) {
        throw new MeshException(ErrorCode.CONFIGURATION, field + " exited with status " + process.exitValue()
            + "; its output is not shown, as it may hold credentials");
      }
      return parse(output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while " + field + " ran", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new MeshException(ErrorCode.CONFIGURATION, field + " printed no readable output");
    }
  }

  private List<String> command() {
    String command = exec.getCommand();
    if (command == null || command.isBlank()) {
      throw new MeshException(ErrorCode.CONFIGURATION, field + " names no command");
    }
    // as client-go: a path with a separator is relative to the kubeconfig, a bare name is looked up on PATH
    if (command.contains(File.separator) && !Path.of(command).isAbsolute() && kubeconfigFile != null) {
      command = kubeconfigFile.getAbsoluteFile().toPath().resolveSibling(command).normalize().toString();
    }
    List<String> argv = new ArrayList<>();
    argv.add(command);
    if (exec.getArgs() != null) {
      argv.addAll(exec.getArgs());
    }
    return argv;
  }

  private String apiVersion() {
    return exec.getApiVersion() == null ? "client.authentication.k8s.io/v1" : exec.getApiVersion();
  }

  private static byte[] read(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > MAX_OUTPUT) {
          throw new IOException("output too long");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("unreadable output");
    }
  }

  /** Reads the output; nothing of it goes into a message, since it may be a credential. */
  private Credential parse(byte[] output) {
    JsonNode credential;
    try {
      credential = JSON.readTree(new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      credential = null;
    }
    if (credential == null || !credential.isObject() || !"ExecCredential".equals(credential.path("kind").asText())) {
      throw new MeshException(ErrorCode.CONFIGURATION, field + " did not print an ExecCredential as JSON");
    }
    String apiVersion = credential.path("apiVersion").asText();
    if (!apiVersion.equals(apiVersion())) {
      throw new MeshException(ErrorCode.CONFIGURATION, field + " printed an ExecCredential of apiVersion '"
          + apiVersion + "', but the kubeconfig asks for '" + apiVersion() + "'");
    }
    JsonNode status = credential.path("status");
    Instant expiry = null;
    String expires = status.path("expirationTimestamp").asText("");
    if (!expires.isEmpty()) {
      try {
        expiry = OffsetDateTime.parse(expires).toInstant();
      } catch (DateTimeParseException e) {
        throw new MeshException(ErrorCode.CONFIGURATION, field + " printed an expirationTimestamp that is"
            + " not an RFC 3339 time");
      }
    }
    String token = status.path("token").asText("");
    if (!token.isEmpty()) {
      return new Credential(token, null, null, expiry);
    }
    String certificate = status.path("clientCertificateData").asText("");
    String key = status.path("clientKeyData").asText("");
    if (!certificate.isEmpty() && !key.isEmpty()) {
      Base64.Encoder base64 = Base64.getEncoder();
      return new Credential(null, base64.encodeToString(certificate.getBytes(StandardCharsets.UTF_8)),
          base64.encodeToString(key.getBytes(StandardCharsets.UTF_8)), expiry);
    }
    throw new MeshException(ErrorCode.CONFIGURATION, field + " printed an ExecCredential with neither a token"
        + " nor a client certificate and key");
  }
}
