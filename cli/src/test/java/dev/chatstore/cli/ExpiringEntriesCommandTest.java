package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.dump.DumpReader;
import dev.chatstore.dump.DumpRecord;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: {@code export}, {@code import} and {@code migrate} copied an entry that carries an
 * expiry as a permanent one. They keep each entry's expiry instant now, and leave out entries
 * already expired.
 */
class ExpiringEntriesCommandTest {
  private static final String TENANT = "alice:phone";
  private static final byte[] LASTING = Tuple.of("tc-token", "lasting").pack();
  private static final byte[] PERMANENT = Tuple.of("tc-token", "permanent").pack();
  private static final byte[] EXPIRED = Tuple.of("tc-token", "expired").pack();

  @TempDir
  Path dir;

  /** A day from now, to the millisecond: when the lasting entry expires. */
  private final Instant lastingUntil = Instant.now().plus(Duration.ofDays(1))
      .truncatedTo(ChronoUnit.MILLIS);

  /**
   * A SQLite store holding, in one area, an entry expiring in a day, a permanent one, and one
   * that expired an hour ago (written through a clock two hours behind, while it was live).
   */
  private String sourceWithExpiringEntries() {
    String uri = "sqlite:" + dir.resolve("source");
    Clock behind = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    try (ChatStore s = ChatStore.open(uri, StoreOptions.defaults().withClock(behind))) {
      write(s);
      assertThat(area(s).get(EXPIRED)).as("live by the clock it was written with").isNotNull();
    }
    return uri;
  }

  private void write(ChatStore s) {
    area(s).write(WriteBatch.builder()
        .put(LASTING, new byte[] {1}, lastingUntil)
        .put(PERMANENT, new byte[] {2})
        .put(EXPIRED, new byte[] {3}, Instant.now().minus(Duration.ofHours(1)))
        .build());
  }

  private static KvStore area(ChatStore s) {
    return s.tenant(TENANT).area(Area.PROTOCOL);
  }

  /** Asserts that {@code uri} holds the lasting entry with its expiry, and the permanent one. */
  private void assertCopied(String uri) {
    try (ChatStore t = ChatStore.open(uri)) {
      List<KvEntry> entries = area(t).scanWithExpiry(KeyRange.all(), Direction.ASCENDING, 10)
          .entries();
      assertThat(entries).as("the copy should keep the expiry, and leave out the expired entry")
          .containsExactly(new KvEntry(LASTING, new byte[] {1}, lastingUntil.toEpochMilli()),
              new KvEntry(PERMANENT, new byte[] {2}));
    }
    Clock later = Clock.fixed(lastingUntil, ZoneOffset.UTC);
    try (ChatStore t = ChatStore.open(uri, StoreOptions.defaults().withClock(later))) {
      assertThat(area(t).get(LASTING)).as("the copied entry expires at its instant").isNull();
      assertThat(area(t).get(PERMANENT)).as("the permanent entry stays").isNotNull();
    }
  }

  @Test
  void exportThenImport_keepsEachExpiry_andLeavesOutExpiredEntries() throws Exception {
    String source = sourceWithExpiringEntries();
    Path file = dir.resolve("alice.dump");
    Cli e = Cli.run("export", "--tenant", TENANT, source, file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    assertThat(e.out()).contains("exported 2 records of tenant '" + TENANT + "'");
    List<Instant> expiries = new ArrayList<>();
    try (DumpReader r = DumpReader.open(Files.newInputStream(file))) {
      for (DumpRecord rec; (rec = r.next()) != null; ) {
        expiries.add(rec.expiresAt());
      }
    }
    assertThat(expiries).as("the dump records the expiry of the lasting entry (keys sort"
        + " \"lasting\" before \"permanent\")").containsExactly(lastingUntil, null);

    String target = "sqlite:" + dir.resolve("target");
    Cli i = Cli.run("import", target, file.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    assertCopied(target);
  }

  @Test
  void exportOfTheWholeStore_thenImport_isByteIdentical_withExpiry() throws Exception {
    String source = sourceWithExpiringEntries();
    Path first = dir.resolve("first.dump");
    assertThat(Cli.run("export", source, first.toString()).exit()).isZero();
    String target = "sqlite:" + dir.resolve("target");
    assertThat(Cli.run("import", target, first.toString()).exit()).isZero();
    Path second = dir.resolve("second.dump");
    assertThat(Cli.run("export", target, second.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(second)).as("a dump of the imported store, expiry included")
        .isEqualTo(Files.readAllBytes(first));
    assertCopied(target);
  }

  @Test
  void migrateSqliteToSqlite_keepsEachExpiry_andLeavesOutExpiredEntries() {
    String source = sourceWithExpiringEntries();
    String target = "sqlite:" + dir.resolve("target");
    Cli m = Cli.run("migrate", "--from", source, "--to", target);
    assertThat(m.exit()).as(m.toString()).isZero();
    assertThat(m.out()).contains("verified");
    assertCopied(target);
  }

  @Test
  void migrateMemoryToSqlite_keepsEachExpiry() {
    String target = "sqlite:" + dir.resolve("target");
    try (ChatStore source = ChatStore.open("memory:");
        ChatStore t = ChatStore.open(target)) {
      write(source);
      Migration m = new Migration(source, t, 100);
      assertThat(m.prepare()).isNull();
      assertThat(m.copy(null, -1, n -> { })).isTrue();
      assertThat(m.verify(n -> { })).as("count and SHA-256, expiry included, agree")
          .allMatch(Migration.Check::ok);
      m.finish();
    }
    assertCopied(target);
  }
}
