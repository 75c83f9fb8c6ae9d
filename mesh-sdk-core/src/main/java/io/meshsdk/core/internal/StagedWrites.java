package io.meshsdk.core.internal;

import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the writes of one cluster in the plan's order of kinds, objects of one kind concurrently.
 * A stage is a run of consecutive changes of one kind that are all deletions or all not: every
 * write of a stage finishes before the first of the next starts, so a DestinationRule is written
 * before the VirtualService that uses its subsets, and deletions keep their reverse order. Within
 * a stage, at most {@code bound} writes are in flight: the calling thread and up to {@code bound
 * - 1} threads of the pool take the stage's objects one after the other, in plan order.
 */
final class StagedWrites {
  private final ExecutorService pool;
  private final int bound;

  StagedWrites(ExecutorService pool, int bound) {
    this.pool = pool;
    this.bound = bound;
  }

  /**
   * Calls {@code write} once for each index of {@code changes}, stage by stage.
   *
   * @return {@code false} if the calling thread was interrupted, in which case the objects not
   *     yet taken were not handed to {@code write} (the flag is restored)
   */
  boolean run(List<ResourceChange> changes, IntConsumer write) {
    int from = 0;
    while (from < changes.size()) {
      int to = from + 1;
      while (to < changes.size() && sameStage(changes.get(from), changes.get(to))) {
        to++;
      }
      if (!runStage(from, to, write)) {
        return false;
      }
      from = to;
    }
    return true;
  }

  private static boolean sameStage(ResourceChange a, ResourceChange b) {
    return a.ref().kind().equals(b.ref().kind()) && a.ref().apiVersion().equals(b.ref().apiVersion())
        && (a.action() == ChangeAction.DELETE) == (b.action() == ChangeAction.DELETE);
  }

  private boolean runStage(int from, int to, IntConsumer write) {
    AtomicInteger next = new AtomicInteger(from);
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < to && !stopped.get(); i = next.getAndIncrement()) {
        write.accept(i);
      }
    };
    int helpers = Math.min(bound, to - from) - 1;
    List<Future<?>> running = new ArrayList<>(helpers);
    for (int h = 0; h < helpers; h++) {
      running.add(pool.submit(worker));
    }
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
      stopped.set(true);
    }
    for (Future<?> helper : running) {
      try {
        helper.get();
      } catch (InterruptedException e) {
        stopped.set(true);
        running.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        stopped.set(true);
        if (failure == null) {
          failure = cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return true;
  }
}
