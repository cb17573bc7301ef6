package dev.chatstore.jobs;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.StoreOptions;

/**
 * Where the jobs of a {@link Persistency} keep their data: opens the store of one job and drops
 * it. {@link #of(String, StoreOptions)} gives the standard ones (a folder per job under a root,
 * or memory); implement it to place jobs elsewhere, or to wrap their stores.
 *
 * <p>{@link Persistency} calls {@link #open} and {@link #drop} for one id at a time, never both
 * at once for the same id, and never {@link #drop} while the job is open.
 */
public interface JobStores {

  /** The standard job stores for {@code rootUri}; see {@link Persistency#open(String)}. */
  static JobStores of(String rootUri, StoreOptions options) {
    return DirectoryJobStores.of(rootUri, options);
  }

  /** A short description for messages, such as {@code sqlite:/var/lib/bot/jobs}. */
  String describe();

  /**
   * Opens (creating when missing) the store of job {@code id}, keeping the data it holds. The
   * job owns the returned store and closes it when the job closes.
   *
   * @throws dev.chatstore.kv.StoreException when the store cannot be opened
   */
  ChatStore open(String id);

  /**
   * Removes every trace of job {@code id} (its files), which is not open.
   *
   * @return whether there was anything to remove
   * @throws dev.chatstore.kv.StoreException when it cannot be removed
   */
  boolean drop(String id);

  /** Called once when the {@link Persistency} closes, after every job has closed. */
  default void close() {
  }
}
