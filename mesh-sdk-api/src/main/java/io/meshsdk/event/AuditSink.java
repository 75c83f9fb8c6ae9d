package io.meshsdk.event;

/**
 * Where the platform keeps its audit trail. The manager delivers one {@link AuditRecord} for every
 * write operation once it has finished (successfully or not), and one for every operation the
 * {@linkplain io.meshsdk.access.AccessPolicy access policy} refused. Pass it with {@link
 * io.meshsdk.MeshManagerBuilder#auditSink(AuditSink)}.
 *
 * <p>Called synchronously on the thread that did the work; must be thread-safe. An exception it
 * throws is logged at WARN and does not change the operation's result, since the write has
 * already happened; a platform that must not lose records should queue them durably itself.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Receives one record.
   *
   * @param record what was done, by whom, with which outcome
   */
  void record(AuditRecord record);
}
