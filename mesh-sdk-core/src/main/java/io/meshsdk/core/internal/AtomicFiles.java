package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Files that readers never see half-written, and a lock that holds across threads and processes.
 *
 * <p>A write goes to a hidden temporary file beside the target, is forced to disk, then moved over
 * the target with {@code ATOMIC_MOVE}: a reader sees the old content or the new one, never a mix.
 * Temporary files start with a dot and end in {@code .tmp}, so that listings can skip them.
 *
 * <p>{@link #locked} holds a JVM-wide lock for the lock file, then the operating system's lock on
 * it. The first orders threads of this process (the JVM refuses a second {@link FileLock} on a
 * file it already locks); the second orders processes sharing the directory.
 */
public final class AtomicFiles {
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private AtomicFiles() {}

  /**
   * Replaces a file's content atomically, creating its directory if needed.
   *
   * @param target the file
   * @param content the new content
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path target, byte[] content) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(temp);
      throw new MeshException(ErrorCode.CONFIGURATION, "the file system of " + dir
          + " cannot replace files atomically; choose a local directory", e);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Reads a file.
   *
   * @param file the file
   * @return its content, or empty if it does not exist
   * @throws UncheckedIOException if it exists but cannot be read
   */
  public static Optional<byte[]> read(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Runs an action while holding the lock of a lock file, in this process and across processes.
   *
   * @param lockFile the lock file, created if missing; its content is never read
   * @param action what to do under the lock
   * @param <T> the action's result
   * @return the action's result
   * @throws UncheckedIOException if the lock file cannot be opened or locked
   */
  @SuppressWarnings("try") // the lock is held for the duration of the block, never referenced
  public static <T> T locked(Path lockFile, Supplier<T> action) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threads = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    threads.lock();
    try {
      Files.createDirectories(key.getParent());
      try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock processes = channel.lock()) {
        return action.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + key, e);
    } finally {
      threads.unlock();
    }
  }

  /**
   * Runs an action while holding a lock of this process for a path; no file is created.
   *
   * @param path the path the lock stands for
   * @param action what to do under the lock
   * @param <T> the action's result
   * @return the action's result
   */
  public static <T> T lockedInProcess(Path path, Supplier<T> action) {
    ReentrantLock threads = IN_PROCESS.computeIfAbsent(path.toAbsolutePath().normalize(), k -> new ReentrantLock());
    threads.lock();
    try {
      return action.get();
    } finally {
      threads.unlock();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: a leftover hidden .tmp file is skipped by every reader
    }
  }
}
