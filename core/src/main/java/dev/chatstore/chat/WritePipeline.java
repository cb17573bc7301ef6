package dev.chatstore.chat;

import dev.chatstore.kv.StoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The asynchronous writes of a {@link ChatDb}: each runs the blocking write on a virtual
 * thread, and at most {@code maxPending} run at once; a caller submitting more waits for room.
 * The writes themselves go through the store's bounded group-commit writer. Nothing is queued
 * without bound: memory is held by at most {@code maxPending} writes.
 */
final class WritePipeline implements AutoCloseable {
  private final Semaphore permits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final String name;

  WritePipeline(int maxPending, String name) {
    this.permits = new Semaphore(maxPending);
    this.name = name;
  }

  <T> CompletableFuture<T> submit(Supplier<T> write) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.DATABASE, name
          + ": interrupted while waiting for room among the pending writes; nothing was written",
          e);
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          f.complete(write.get());
        } catch (Throwable e) {
          f.completeExceptionally(e);
        } finally {
          permits.release();
        }
      });
    } catch (RejectedExecutionException e) {
      permits.release();
      throw new StoreException(StoreException.Kind.CLOSED, name + " is closed", e);
    }
    return f;
  }

  /** Waits for every submitted write, then refuses new ones. */
  @Override
  public void close() {
    executor.close();
  }
}
