package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read path of {@link SqliteKvStore} when something else writes the same file: expiry stays
 * exact for a row that another store or a plain connection gave an expiry after this store's
 * readers had already run their statements (the readers keep no knowledge of their own about
 * which rows expire), and a scan that stops at its limit leaves no stale snapshot behind on its
 * connection.
 */
@Timeout(60)
class SqliteReadTest {
  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(ScanPage page) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : page.entries()) {
      out.add(new String(e.key(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Runs every kind of read on every reader connection, so each has run its statements. */
  private static void readEverything(SqliteKvStore store, int readers) {
    for (int i = 0; i < readers * 2; i++) {
      store.get(b("k1"));
      store.getAll(List.of(b("k1"), b("k2")));
      store.scan(KeyRange.all(), Direction.ASCENDING, 2);
      store.scan(KeyRange.all(), Direction.DESCENDING, 2);
      store.count(KeyRange.all());
    }
  }

  @Test
  void rowGivenAnExpiryByAnotherStore_expiresExactlyForThisStore() {
    ManualClock clock = new ManualClock();
    StoreOptions options = StoreOptions.defaults().withClock(clock);
    Instant expiry = clock.instant().plusSeconds(10);
    try (SqliteKvStore reader = SqliteKvStore.open(dir, SqliteOptions.defaults(), options)) {
      WriteBatch.Builder permanent = WriteBatch.builder();
      for (int i = 0; i < 5; i++) {
        permanent.put(b("k" + i), b("v" + i));
      }
      reader.write(permanent.build()); // a table without any expiring row...
      readEverything(reader, SqliteOptions.defaults().readers()); // ...read on every connection

      try (SqliteKvStore other = SqliteKvStore.open(dir, SqliteOptions.defaults(), options)) {
        other.write(WriteBatch.builder().put(b("k2"), b("expiring"), expiry)
            .put(b("k5"), b("new, expiring"), expiry).build());
      }

      clock.set(expiry.minusMillis(1));
      assertThat(reader.get(b("k2"))).isEqualTo(b("expiring"));
      assertThat(keys(reader.scan(KeyRange.all(), Direction.ASCENDING, 10)))
          .containsExactly("k0", "k1", "k2", "k3", "k4", "k5");
      assertThat(reader.count(KeyRange.all())).isEqualTo(6);

      clock.set(expiry);
      assertThat(reader.get(b("k2"))).as("get at the expiry instant").isNull();
      assertThat(reader.getAll(List.of(b("k2"), b("k5"), b("k3"))))
          .containsExactly(null, null, b("v3"));
      assertThat(keys(reader.scan(KeyRange.all(), Direction.ASCENDING, 10)))
          .containsExactly("k0", "k1", "k3", "k4");
      assertThat(keys(reader.scan(KeyRange.all(), Direction.DESCENDING, 3)))
          .as("a descending page of 3 skips both expired rows").containsExactly("k4", "k3", "k1");
      assertThat(reader.count(KeyRange.all())).isEqualTo(4);
    }
  }

  @Test
  void permanentRowGivenAnExpiryByAPlainConnection_expiresExactlyForThisStore()
      throws Exception {
    ManualClock clock = new ManualClock();
    try (SqliteKvStore store = SqliteKvStore.open(dir, SqliteOptions.defaults(),
        StoreOptions.defaults().withClock(clock))) {
      store.write(WriteBatch.builder().put(b("k1"), b("1")).put(b("k2"), b("2"))
          .put(b("k3"), b("3")).build());
      readEverything(store, SqliteOptions.defaults().readers());

      long expiry = clock.millis() + 1_000;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.databaseFile());
          Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
        st.executeUpdate("UPDATE kv SET exp = " + expiry + " WHERE k = X'6b32'"); // "k2"
      }

      assertThat(store.get(b("k2"))).isEqualTo(b("2"));
      clock.set(Instant.ofEpochMilli(expiry));
      assertThat(store.get(b("k2"))).isNull();
      assertThat(keys(store.scan(KeyRange.all(), Direction.ASCENDING, 2)))
          .as("a page of 2 holds the 2 live rows around the expired one")
          .containsExactly("k1", "k3");
      assertThat(store.count(KeyRange.all())).isEqualTo(2);
    }
  }

  @Test
  void scanStoppedAtItsLimit_leavesNoStaleSnapshotOnItsConnection() throws Exception {
    SqliteOptions oneReader = SqliteOptions.defaults().withReaders(1);
    try (SqliteKvStore store = SqliteKvStore.open(dir, oneReader, StoreOptions.defaults())) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (int i = 0; i < 100; i++) {
        batch.put(b(String.format("k%03d", i)), b("v"));
      }
      store.write(batch.build());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.databaseFile());
          PreparedStatement ins = c.prepareStatement("INSERT INTO kv(k, v) VALUES(?, ?)")) {
        c.createStatement().execute("PRAGMA busy_timeout = 10000");
        long inserted = 0;
        for (Direction d : Direction.values()) {
          for (int round = 0; round < 3; round++) {
            // stops after 2 of the 100+ rows, on the only reader connection
            assertThat(store.scan(KeyRange.all(), d, 2).entries()).hasSize(2);
            byte[] k = b("new-" + d + round);
            ins.setBytes(1, k);
            ins.setBytes(2, b("x"));
            ins.executeUpdate();
            inserted++;
            assertThat(store.get(k)).as("a get after a stopped scan sees a later commit")
                .isEqualTo(b("x"));
            assertThat(store.count(KeyRange.prefix(b("new-")))).isEqualTo(inserted);
          }
        }
      }
    }
  }
}
