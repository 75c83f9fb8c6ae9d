package io.meshsdk.istio.kubernetes;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every event of every logger, at TRACE, while started; the mock API servers' own loggers aside,
 * since an API server's log holds what it stores.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {
  private static final String MOCK_SERVER = "io.fabric8.kubernetes.client.server.mock.";

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level before;

  @Override
  public void start() {
    lines.clear();
    setContext(root.getLoggerContext());
    setName("capture");
    super.start();
    before = root.getLevel();
    root.addAppender(this);
    root.setLevel(Level.TRACE);
  }

  @Override
  public void stop() {
    if (isStarted()) {
      root.setLevel(before);
      root.detachAppender(this);
    }
    super.stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLoggerName().startsWith(MOCK_SERVER)) {
      // the mock API server's own log, as an API server's log, holds what it stores
      return;
    }
    StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ')
        .append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(thrown));
    }
    lines.add(line.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }
}
