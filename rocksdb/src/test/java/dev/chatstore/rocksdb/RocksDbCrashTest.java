package dev.chatstore.rocksdb;

import dev.chatstore.kv.StoreOptions;
import dev.chatstore.tck.crash.CrashHarness;
import dev.chatstore.tck.crash.CrashTarget;
import dev.chatstore.tck.crash.CrashWorkload;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to RocksDB, killed with SIGKILL at random moments, loses no acknowledged
 * write, leaves no batch in part and no value torn, and the database opens as it is. The
 * default settings write the log without an fsync per commit: the log is in the operating
 * system's cache when a write returns, which a process kill does not lose (a power loss could;
 * {@code sync=true} covers that). Single puts, atomic batches with deletes and native range
 * deletes, group commit from many threads, Engine sets and cascade deletes, chat database
 * message puts (chat meta, inboxes, seen index and Merkle leaves checked against the messages
 * present) and Signal session, pre-key, sent-message and identity updates run at once
 * ({@link CrashWorkload#mixed()}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RocksDbCrashTest {
  @TempDir
  Path dir;

  /** RocksDB with its default settings. */
  public static final class Defaults implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      return Stores.of(RocksDbKvStore.open(dir, RocksDbOptions.defaults(),
          StoreOptions.defaults()));
    }

    /** RocksDB's native library, unpacked once for all children instead of by each. */
    @Override
    public List<String> childJvmOptions(Path work) throws IOException {
      String name = Environment.getJniLibraryFileName("rocksdb");
      Path lib = work.resolve("native").resolve(name);
      if (!Files.exists(lib)) {
        Files.createDirectories(lib.getParent());
        try (InputStream in = RocksDB.class.getResourceAsStream("/" + name)) {
          if (in == null) {
            return List.of();
          }
          Files.copy(in, lib);
        }
      }
      return List.of("-Djava.library.path=" + lib.getParent());
    }
  }

  @Test
  void killedWhileWriting_keepsEveryAcknowledgedWrite() throws Exception {
    CrashHarness.of(CrashWorkload.mixed(), Defaults.class).run(dir);
  }
}
