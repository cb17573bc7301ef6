package dev.chatstore.tck.crash;

import dev.chatstore.ChatStore;
import dev.chatstore.engine.Engine;
import dev.chatstore.engine.KvEngine;
import dev.chatstore.jobs.Persistency;
import dev.chatstore.kv.KvStore;
import java.nio.file.Path;
import java.util.List;

/**
 * How a crash test opens the store under test, in the child that is killed and in the parent
 * that checks what survived. An implementation is a public class with a public no-argument
 * constructor (the child creates it by name), usually nested in the test that runs it:
 *
 * <pre>{@code
 * public static final class Full implements CrashTarget {
 *   public Stores open(Path dir) {
 *     return Stores.of(SqliteKvStore.open(dir, SqliteOptions.defaults()
 *         .withSynchronous(Synchronous.FULL), StoreOptions.defaults()));
 *   }
 * }
 * }</pre>
 */
public interface CrashTarget {

  /**
   * Opens the store whose data lives under {@code dir}: the same data every time, as an
   * application opening its store after a crash would, without any repair step.
   *
   * @throws Exception when it cannot be opened (a crash test fails with it)
   */
  Stores open(Path dir) throws Exception;

  /**
   * Extra options of the child JVM, such as {@code -Djava.library.path} to a native library
   * unpacked once into {@code work} (a folder of the test that the harness keeps for the run)
   * instead of by every child; by default none. Called in the parent before each child starts.
   *
   * @throws Exception when the options cannot be prepared
   */
  default List<String> childJvmOptions(Path work) throws Exception {
    return List.of();
  }

  /**
   * Checks the files under {@code dir} after the store was reopened, checked and closed again
   * (for example SQLite's {@code PRAGMA integrity_check}); by default nothing.
   *
   * @return null when the files are sound, otherwise what is wrong with them
   * @throws Exception when the check itself fails
   */
  default String checkFiles(Path dir) throws Exception {
    return null;
  }

  /**
   * What a target opened: a key-value store (with the chatstore on it that the chat and Signal
   * lanes write through) and an Engine, or a {@link Persistency} for the job lanes.
   *
   * @param store the key-value store, or null for an Engine-only or jobs target
   * @param chatStore the chatstore on {@code store}, or null without a store
   * @param engine the Engine, or null
   * @param jobs the persistency of the job lanes, or null
   * @param closer closes everything opened
   */
  record Stores(KvStore store, ChatStore chatStore, Engine engine, Persistency jobs,
      AutoCloseable closer) implements AutoCloseable {

    /**
     * {@code store}, and a {@link KvEngine} of its tenant {@code crash}: the Engine, chat and
     * Signal lanes write through the keyspace into the same store as the key-value lanes.
     */
    public static Stores of(KvStore store) {
      ChatStore chatStore = ChatStore.on(store);
      return new Stores(store, chatStore, KvEngine.of(chatStore, "crash"), null, store);
    }

    /** An Engine alone, such as a file engine, closed with {@code closer}. */
    public static Stores ofEngine(Engine engine, AutoCloseable closer) {
      return new Stores(null, null, engine, null, closer);
    }

    /** A persistency alone, for the job lanes; closing the stores closes it. */
    public static Stores ofJobs(Persistency jobs) {
      return new Stores(null, null, null, jobs, jobs);
    }

    @Override
    public void close() throws Exception {
      closer.close();
    }
  }
}
