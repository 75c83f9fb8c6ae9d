package io.meshsdk.demo;

import io.meshsdk.spi.TelemetrySource.Sample;
import io.meshsdk.demo.SyntheticTraffic.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates the part of PromQL that Istio topology reads use, on series that grow at constant
 * rates: {@code rate(metric{matchers}[range])}, {@code sum by (labels) (...)}, {@code
 * histogram_quantile(q, ...)}, {@code label_replace(...)}, {@code or} and parentheses. Anything
 * else is refused with an {@link IllegalArgumentException} that names the query and where it
 * stopped, so a test fails instead of reading an empty graph.
 */
final class SyntheticPromQl {
  private final String query;
  private final List<Series> series;
  private int pos;

  private SyntheticPromQl(String query, List<Series> series) {
    this.query = query;
    this.series = series;
  }

  /**
   * Evaluates a query.
   *
   * @param query the PromQL
   * @param series the stored series
   * @return one sample per resulting series
   * @throws IllegalArgumentException if the query uses what is not supported
   */
  static List<Sample> evaluate(String query, List<Series> series) {
    SyntheticPromQl parser = new SyntheticPromQl(query, series);
    List<Element> result = parser.expression();
    parser.skipSpace();
    if (parser.pos < query.length()) {
      throw parser.unsupported("unexpected text after the end of the expression");
    }
    List<Sample> samples = new ArrayList<>(result.size());
    for (Element e : result) {
      samples.add(new Sample(e.labels, e.value));
    }
    return samples;
  }

  /** One series of an instant vector. */
  private record Element(Map<String, String> labels, double value) {}

  // ---- grammar --------------------------------------------------------------------------------

  /** expression := term ('or' term)* */
  private List<Element> expression() {
    List<Element> left = term();
    while (keyword("or")) {
      left = or(left, term());
    }
    return left;
  }

  private List<Element> term() {
    skipSpace();
    if (peek('(')) {
      pos++;
      List<Element> inner = expression();
      expect(')');
      return inner;
    }
    int start = pos;
    String name = identifier();
    switch (name) {
      case "sum":
        return sum();
      case "rate":
        return rate();
      case "histogram_quantile":
        return histogramQuantile();
      case "label_replace":
        return labelReplace();
      case "":
        throw unsupported("expected an expression");
      default:
        pos = start;
        throw unsupported("'" + name + "' is not supported; only rate, sum by, histogram_quantile,"
            + " label_replace and or are");
    }
  }

  /** sum by (labels) (expression) */
  private List<Element> sum() {
    if (!keyword("by")) {
      throw unsupported("only 'sum by (labels) (...)' is supported");
    }
    expect('(');
    List<String> by = new ArrayList<>();
    skipSpace();
    if (!peek(')')) {
      do {
        String label = identifier();
        if (label.isEmpty()) {
          throw unsupported("expected a label name");
        }
        by.add(label);
      } while (accept(','));
    }
    expect(')');
    expect('(');
    List<Element> inner = expression();
    expect(')');
    Map<Map<String, String>, double[]> groups = new LinkedHashMap<>();
    for (Element e : inner) {
      Map<String, String> key = new TreeMap<>();
      for (String label : by) {
        String value = e.labels.get(label);
        if (value != null && !value.isEmpty()) {
          key.put(label, value);
        }
      }
      groups.computeIfAbsent(Map.copyOf(key), k -> new double[1])[0] += e.value;
    }
    List<Element> out = new ArrayList<>(groups.size());
    groups.forEach((labels, sum) -> out.add(new Element(labels, sum[0])));
    return out;
  }

  /** rate(metric{matchers}[range]) */
  private List<Element> rate() {
    expect('(');
    skipSpace();
    int start = pos;
    String metric = identifier();
    if (!SyntheticTraffic.METRICS.contains(metric)) {
      pos = start;
      throw unsupported("there is no synthetic metric '" + metric + "'; there are "
          + new TreeSet<>(SyntheticTraffic.METRICS));
    }
    List<String> names = new ArrayList<>();
    List<Boolean> negated = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<Boolean> regex = new ArrayList<>();
    if (accept('{')) {
      skipSpace();
      if (!peek('}')) {
        do {
          String label = identifier();
          if (label.isEmpty()) {
            throw unsupported("expected a label name");
          }
          skipSpace();
          String op = operator();
          String value = string();
          names.add(label);
          negated.add(op.startsWith("!"));
          regex.add(op.endsWith("~"));
          values.add(value);
        } while (accept(','));
      }
      expect('}');
    }
    expect('[');
    skipSpace();
    int durationStart = pos;
    while (pos < query.length() && Character.isLetterOrDigit(query.charAt(pos))) {
      pos++;
    }
    if (!query.substring(durationStart, pos).matches("(\\d+(ms|s|m|h|d|w|y))+")) {
      pos = durationStart;
      throw unsupported("expected a range such as [5m]");
    }
    expect(']');
    expect(')');
    List<Pattern> patterns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      try {
        patterns.add(Pattern.compile(regex.get(i) ? values.get(i) : Pattern.quote(values.get(i))));
      } catch (PatternSyntaxException e) {
        throw unsupported("the regular expression of label " + names.get(i) + " is invalid: " + e.getDescription());
      }
    }
    List<Element> out = new ArrayList<>();
    for (Series s : series) {
      if (!s.metric().equals(metric)) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < names.size() && match; i++) {
        String value = s.labels().getOrDefault(names.get(i), "");
        match = patterns.get(i).matcher(value).matches() != negated.get(i);
      }
      if (match) {
        out.add(new Element(s.labels(), s.ratePerSecond()));
      }
    }
    return out;
  }

  /** histogram_quantile(q, expression) */
  private List<Element> histogramQuantile() {
    expect('(');
    double q = number();
    expect(',');
    List<Element> buckets = expression();
    expect(')');
    Map<Map<String, String>, List<double[]>> histograms = new LinkedHashMap<>();
    for (Element e : buckets) {
      String le = e.labels.get("le");
      if (le == null) {
        continue;
      }
      Map<String, String> key = new HashMap<>(e.labels);
      key.remove("le");
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      histograms.computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>()).add(new double[] {bound, e.value});
    }
    List<Element> out = new ArrayList<>(histograms.size());
    histograms.forEach((labels, list) -> out.add(new Element(labels, quantile(q, list))));
    return out;
  }

  /** Prometheus' bucketQuantile: linear interpolation inside the bucket the rank falls in. */
  static double quantile(double q, List<double[]> buckets) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    buckets.sort(Comparator.comparingDouble(b -> b[0]));
    if (buckets.size() < 2 || !Double.isInfinite(buckets.get(buckets.size() - 1)[0])) {
      return Double.NaN;
    }
    // counts must not fall; Prometheus evens out what floating-point sums leave
    for (int i = 1; i < buckets.size(); i++) {
      if (buckets.get(i)[1] < buckets.get(i - 1)[1]) {
        buckets.get(i)[1] = buckets.get(i - 1)[1];
      }
    }
    double total = buckets.get(buckets.size() - 1)[1];
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    int b = buckets.size() - 1;
    for (int i = 0; i < buckets.size() - 1; i++) {
      if (buckets.get(i)[1] >= rank) {
        b = i;
        break;
      }
    }
    if (b == buckets.size() - 1) {
      return buckets.get(buckets.size() - 2)[0];
    }
    if (b == 0 && buckets.get(0)[0] <= 0) {
      return buckets.get(0)[0];
    }
    double start = 0;
    double end = buckets.get(b)[0];
    double count = buckets.get(b)[1];
    if (b > 0) {
      start = buckets.get(b - 1)[0];
      count -= buckets.get(b - 1)[1];
      rank -= buckets.get(b - 1)[1];
    }
    return start + (end - start) * (rank / count);
  }

  /** label_replace(expression, "dst", "replacement", "src", "regex") */
  private List<Element> labelReplace() {
    expect('(');
    List<Element> inner = expression();
    expect(',');
    String destination = string();
    expect(',');
    String replacement = string();
    expect(',');
    String source = string();
    expect(',');
    String regex = string();
    expect(')');
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw unsupported("the regular expression of label_replace is invalid: " + e.getDescription());
    }
    List<Element> out = new ArrayList<>(inner.size());
    for (Element e : inner) {
      Matcher m = pattern.matcher(e.labels.getOrDefault(source, ""));
      if (!m.matches()) {
        out.add(e);
        continue;
      }
      StringBuilder value = new StringBuilder();
      m.appendReplacement(value, replacement);
      Map<String, String> labels = new HashMap<>(e.labels);
      if (value.length() == 0) {
        labels.remove(destination);
      } else {
        labels.put(destination, value.toString());
      }
      out.add(new Element(Map.copyOf(labels), e.value));
    }
    return out;
  }

  /** Every series of the left side, and those of the right whose labels the left lacks. */
  private static List<Element> or(List<Element> left, List<Element> right) {
    Set<Map<String, String>> seen = new HashSet<>();
    List<Element> out = new ArrayList<>(left);
    for (Element e : left) {
      seen.add(e.labels);
    }
    for (Element e : right) {
      if (!seen.contains(e.labels)) {
        out.add(e);
      }
    }
    return out;
  }

  // ---- tokens ---------------------------------------------------------------------------------

  private void skipSpace() {
    while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < query.length() && query.charAt(pos) == c;
  }

  private boolean accept(char c) {
    skipSpace();
    if (peek(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw unsupported("expected '" + c + "'");
    }
  }

  private boolean keyword(String word) {
    skipSpace();
    int end = pos + word.length();
    if (query.startsWith(word, pos)
        && (end == query.length() || !isIdentifierPart(query.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private String identifier() {
    skipSpace();
    int start = pos;
    if (pos < query.length() && (Character.isLetter(query.charAt(pos)) || query.charAt(pos) == '_'
        || query.charAt(pos) == ':')) {
      pos++;
      while (pos < query.length() && isIdentifierPart(query.charAt(pos))) {
        pos++;
      }
    }
    return query.substring(start, pos);
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }

  private String operator() {
    for (String op : new String[] {"=~", "!~", "!=", "="}) {
      if (query.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    throw unsupported("expected a label matcher: =, !=, =~ or !~");
  }

  private double number() {
    skipSpace();
    int start = pos;
    while (pos < query.length() && "0123456789.eE+-".indexOf(query.charAt(pos)) >= 0) {
      pos++;
    }
    try {
      return Double.parseDouble(query.substring(start, pos));
    } catch (NumberFormatException e) {
      pos = start;
      throw unsupported("expected a number");
    }
  }

  /** A double-quoted string with Go's escapes. */
  private String string() {
    skipSpace();
    if (!peek('"')) {
      throw unsupported("expected a double-quoted string");
    }
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < query.length() && query.charAt(pos) != '"') {
      char c = query.charAt(pos++);
      if (c != '\\') {
        value.append(c);
        continue;
      }
      if (pos >= query.length()) {
        break;
      }
      char escaped = query.charAt(pos++);
      switch (escaped) {
        case '\\':
        case '"':
        case '\'':
          value.append(escaped);
          break;
        case 'n':
          value.append('\n');
          break;
        case 't':
          value.append('\t');
          break;
        default:
          pos -= 2;
          throw unsupported("unknown escape sequence \\" + escaped);
      }
    }
    if (!peek('"')) {
      throw unsupported("unterminated string");
    }
    pos++;
    return value.toString();
  }

  private IllegalArgumentException unsupported(String what) {
    return new IllegalArgumentException("SyntheticTraffic cannot answer this query: " + what + " at offset "
        + pos + " (marked <<here>>); it answers the Istio backend's topology queries on "
        + new TreeSet<>(SyntheticTraffic.METRICS) + ". Query: "
        + query.substring(0, Math.min(pos, query.length())) + "<<here>>" + query.substring(Math.min(pos, query.length())));
  }
}
