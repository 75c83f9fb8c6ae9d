package io.meshsdk.istio.internal.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.spi.TelemetrySource.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Prometheus' instant-query answers ({@code {"status": ..., "data": {"resultType":
 * "vector", "result": [...]}}}) with a streaming parser, and maps its error model to
 * exceptions.
 */
public final class PrometheusResponses {
  private static final JsonFactory JSON = new JsonFactory();

  private PrometheusResponses() {}

  /**
   * Parses an answer.
   *
   * @param body the body
   * @param status the HTTP status
   * @param contentType the Content-Type header, or empty
   * @param source the server, for messages
   * @return the samples of a vector or scalar result
   * @throws MeshBackendException for error answers and malformed bodies
   * @throws IOException if reading the body fails
   */
  public static List<Sample> parse(InputStream body, int status, String contentType, String source)
      throws IOException {
    boolean json = contentType.isEmpty() || contentType.toLowerCase(Locale.ROOT).contains("json");
    if (!json) {
      throw failure(status, null, "answered with " + contentType + " instead of JSON", source, null);
    }
    Answer answer;
    try (JsonParser parser = JSON.createParser(body)) {
      answer = read(parser);
    } catch (JsonParseException e) {
      throw failure(status, null, "answered with malformed JSON: " + e.getOriginalMessage(), source, e);
    } catch (IllegalStateException e) {
      throw failure(status, null, "answered with JSON that is not a query result: " + e.getMessage(), source, e);
    }
    if ("error".equals(answer.status) || status >= 400) {
      throw failure(status, answer.errorType,
          "rejected the query"
              + (answer.errorType == null ? "" : " (" + answer.errorType + ")")
              + (answer.error == null ? "" : ": " + answer.error),
          source, null);
    }
    if (!"success".equals(answer.status)) {
      throw failure(status, null, "answered without a status of success or error", source, null);
    }
    if (answer.samples == null) {
      throw failure(status, null, "answered without a result", source, null);
    }
    return answer.samples;
  }

  private static MeshBackendException failure(
      int status, String errorType, String what, String source, Throwable cause) {
    ErrorCode code = code(status, errorType);
    return new MeshBackendException(code, null, status,
        "Prometheus at " + source + " " + what + " (HTTP " + status + ")", cause);
  }

  /** Prometheus' documented error types and statuses, mapped to whether retrying can help. */
  static ErrorCode code(int status, String errorType) {
    if ("timeout".equals(errorType)) {
      return ErrorCode.TIMEOUT;
    }
    if ("unavailable".equals(errorType) || "canceled".equals(errorType)) {
      return ErrorCode.CLUSTER_UNREACHABLE;
    }
    if (status == 429) {
      return ErrorCode.RATE_LIMITED;
    }
    if (status == 502 || status == 503 || status == 504) {
      return ErrorCode.CLUSTER_UNREACHABLE;
    }
    return ErrorCode.BACKEND_ERROR;
  }

  private static Answer read(JsonParser parser) throws IOException {
    Answer answer = new Answer();
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException("the answer is not a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "status":
          answer.status = parser.getValueAsString();
          break;
        case "errorType":
          answer.errorType = parser.getValueAsString();
          break;
        case "error":
          answer.error = parser.getValueAsString();
          break;
        case "data":
          if (value == JsonToken.START_OBJECT) {
            readData(parser, answer);
          } else {
            parser.skipChildren();
          }
          break;
        default:
          parser.skipChildren();
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw new IllegalStateException("the answer is not a complete JSON object");
    }
    return answer;
  }

  private static void readData(JsonParser parser, Answer answer) throws IOException {
    String resultType = null;
    List<Sample> samples = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("resultType".equals(field)) {
        resultType = parser.getValueAsString();
      } else if ("result".equals(field) && value == JsonToken.START_ARRAY) {
        if ("scalar".equals(resultType)) {
          samples = List.of(new Sample(Map.of(), readValue(parser)));
        } else if (resultType == null || "vector".equals(resultType)) {
          samples = readVector(parser);
        } else {
          throw new IllegalStateException("the result type is " + resultType + ", not vector or scalar");
        }
      } else {
        parser.skipChildren();
      }
    }
    answer.samples = samples;
  }

  private static List<Sample> readVector(JsonParser parser) throws IOException {
    List<Sample> samples = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> labels = Map.of();
      double value = Double.NaN;
      boolean hasValue = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        if ("metric".equals(field) && token == JsonToken.START_OBJECT) {
          Map<String, String> map = new HashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
              throw new IllegalStateException("label " + name + " is not a string");
            }
            map.put(name, parser.getText());
          }
          labels = map;
        } else if ("value".equals(field) && token == JsonToken.START_ARRAY) {
          value = readValue(parser);
          hasValue = true;
        } else {
          parser.skipChildren();
        }
      }
      if (!hasValue) {
        throw new IllegalStateException("a series has no value");
      }
      samples.add(new Sample(labels, value));
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw new IllegalStateException("the result is not an array of series");
    }
    return samples;
  }

  /** Reads {@code [timestamp, "value"]}, the parser on its opening bracket. */
  private static double readValue(JsonParser parser) throws IOException {
    if (!parser.nextToken().isNumeric()) {
      throw new IllegalStateException("a sample's timestamp is not a number");
    }
    if (parser.nextToken() != JsonToken.VALUE_STRING) {
      throw new IllegalStateException("a sample's value is not a string");
    }
    double value = number(parser.getText());
    if (parser.nextToken() != JsonToken.END_ARRAY) {
      throw new IllegalStateException("a sample has more than a timestamp and a value");
    }
    return value;
  }

  static double number(String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalStateException("a sample's value is not a number: " + text);
        }
    }
  }

  private static final class Answer {
    String status;
    String errorType;
    String error;
    List<Sample> samples;
  }
}
