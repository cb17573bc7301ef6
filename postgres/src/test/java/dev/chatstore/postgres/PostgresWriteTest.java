package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the PostgreSQL backend does beyond the common contract, as a user relies on it: unsigned
 * byte order of {@code bytea} keys, op order inside and across batches, bulk batches larger than
 * one statement, and no trace of the placeholder rows that checks use.
 */
class PostgresWriteTest {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private final ManualClock clock = new ManualClock();
  private String table;
  private PostgresKvStore store;

  @BeforeEach
  void open() {
    table = PG.newTable("write");
    store = PostgresKvStore.open(PostgresTestServer.uri(table),
        StoreOptions.defaults().withClock(clock));
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private static byte[] u(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Every row of the table as the server holds it, expired and placeholder rows included. */
  private long rawRows() throws SQLException {
    try (Connection c = PostgresTestServer.jdbc();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + PgSql.quote(table));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void keys_sortAsUnsignedBytes_with0x00And0x80And0xFF() {
    List<byte[]> keys = List.of(u(), u(0x00), u(0x00, 0x00), u(0x01), u(0x7F), u(0x7F, 0xFF),
        u(0x80), u(0x80, 0x00), u(0xFE), u(0xFF), u(0xFF, 0x00), u(0xFF, 0xFF));
    List<byte[]> shuffled = new ArrayList<>(keys);
    java.util.Collections.reverse(shuffled);
    for (byte[] k : shuffled) {
      store.put(k, k);
    }
    List<String> ascending = new ArrayList<>();
    for (KvEntry e : store.scanAll(KeyRange.all())) {
      ascending.add(hex(e.key()));
    }
    List<String> expected = keys.stream().map(PostgresWriteTest::hex).toList();
    assertThat(ascending).as("bytea keys should come back in unsigned byte order, 0x80 and 0xFF"
        + " after 0x7F, a prefix before its extensions").isEqualTo(expected);

    List<String> descending = new ArrayList<>();
    for (KvEntry e : store.scan(KeyRange.all(), Direction.DESCENDING, 100).entries()) {
      descending.add(hex(e.key()));
    }
    assertThat(descending).isEqualTo(expected.reversed());
    assertThat(store.count(KeyRange.of(u(0x80), u(0xFF)))).as("[0x80, 0xFF) holds 0x80,"
        + " 0x8000 and 0xFE").isEqualTo(3);
    assertThat(store.scan(KeyRange.prefix(u(0xFF)), Direction.ASCENDING, 10).entries())
        .extracting(e -> hex(e.key())).containsExactly("ff", "ff00", "ffff");
  }

  @Test
  void batch_putThenDeleteOfOneKey_endsDeleted_andDeleteThenPut_endsPresent() {
    store.put(b("old"), b("1"));
    store.write(WriteBatch.builder().put(b("a"), b("1")).delete(b("a"))
        .delete(b("old")).put(b("old"), b("2"))
        .put(b("c"), b("1")).put(b("c"), b("2")).put(b("c"), b("3")).build());
    assertThat(store.get(b("a"))).as("put then delete of one key in one batch").isNull();
    assertThat(store.get(b("old"))).as("delete then put of one key in one batch")
        .isEqualTo(b("2"));
    assertThat(store.get(b("c"))).as("the last of three puts wins").isEqualTo(b("3"));
  }

  @Test
  void batch_opsAroundARangeDelete_keepTheirOrder() {
    store.write(WriteBatch.builder().put(b("r1"), b("x")).put(b("r2"), b("x"))
        .deleteRange(b("r"), b("s")).put(b("r2"), b("back")).delete(b("r9")).build());
    assertThat(store.scanAll(KeyRange.prefix(b("r")))).containsExactly(
        new KvEntry(b("r2"), b("back")));
  }

  @Test
  void largeBatch_overSeveralBulkStatements_appliesWholeAndInOrder() throws SQLException {
    long seed = ThreadLocalRandom.current().nextLong();
    Random rnd = new Random(seed);
    int n = CommitTransaction.FLUSH_ROWS * 2 + 500;
    TreeMap<String, String> model = new TreeMap<>();
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < n; i++) {
      String k = String.format("bulk/%06d", rnd.nextInt(n / 2));
      if (rnd.nextInt(5) == 0) {
        batch.delete(b(k));
        model.remove(k);
      } else {
        String v = "v" + i;
        batch.put(b(k), b(v));
        model.put(k, v);
      }
    }
    assertThat(store.write(batch.build())).isTrue();
    List<KvEntry> all = store.scanAll(KeyRange.prefix(b("bulk/")));
    TreeMap<String, String> actual = new TreeMap<>();
    for (KvEntry e : all) {
      actual.put(new String(e.key(), StandardCharsets.UTF_8),
          new String(e.value(), StandardCharsets.UTF_8));
    }
    assertThat(actual).as("a batch of " + n + " puts and deletes over repeated keys should end"
        + " as applying them in order would (seed=" + seed + ")").isEqualTo(model);
    assertThat(rawRows()).isEqualTo(model.size());
  }

  @Test
  void manyAsyncBatches_onOneKey_endWithTheLast() {
    List<CompletableFuture<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      futures.add(store.writeAsync(WriteBatch.builder()
          .put(b("k"), ByteBuffer.allocate(4).putInt(i).array())
          .put(b("other" + (i % 7)), b("x")).build()));
    }
    for (CompletableFuture<Boolean> f : futures) {
      assertThat(f).succeedsWithin(60, TimeUnit.SECONDS).isEqualTo(true);
    }
    assertThat(ByteBuffer.wrap(store.get(b("k"))).getInt()).as("batches applied out of order")
        .isEqualTo(1_999);
  }

  @Test
  void scans_withManyDistinctLimits_returnExactlyThatManyInOrder() {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 60; i++) {
      batch.put(b(String.format("s%02d", i)), b("v"));
    }
    store.write(batch.build());
    // More distinct limits than the statements a connection keeps with a literal limit.
    for (int limit = 1; limit <= ReadStatements.MAX_LITERAL_SCANS + 20; limit++) {
      for (Direction d : Direction.values()) {
        List<KvEntry> page = store.scan(KeyRange.prefix(b("s")), d, limit).entries();
        assertThat(page).as("a " + d + " scan with limit " + limit).hasSize(Math.min(limit, 60));
        String first = d == Direction.ASCENDING ? "s00" : "s59";
        assertThat(new String(page.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(first);
      }
    }
  }

  @Test
  void getAll_withDuplicatesAndAbsentKeys_answersEachPosition() {
    store.put(b("a"), b("1"));
    store.put(b("e"), new byte[0]);
    List<byte[]> got = store.getAll(List.of(b("a"), b("x"), b("a"), b("e"), u()));
    assertThat(got.get(0)).isEqualTo(b("1"));
    assertThat(got.get(1)).isNull();
    assertThat(got.get(2)).isEqualTo(b("1")).isNotSameAs(got.get(0));
    assertThat(got.get(3)).isEmpty();
    assertThat(got.get(4)).isNull();
  }

  @Test
  void checkAbsent_leavesNoPlaceholderRow_whetherTheBatchAppliesOrNot() throws SQLException {
    store.put(b("present"), b("1"));
    assertThat(store.write(WriteBatch.builder().checkAbsent(b("free1")).checkAbsent(b("free2"))
        .put(b("other"), b("x")).build())).isTrue();
    assertThat(store.write(WriteBatch.builder().checkAbsent(b("free3")).checkAbsent(b("present"))
        .put(b("never"), b("x")).build())).isFalse();
    assertThat(store.write(WriteBatch.builder().checkAbsent(b("claimed"))
        .put(b("claimed"), b("mine")).build())).isTrue();
    assertThat(store.write(WriteBatch.builder().check(b("nothing"), b("v"))
        .put(b("never2"), b("x")).build())).isFalse();
    assertThat(rawRows()).as("only present, other and claimed should be rows; a check must not"
        + " leave its placeholder behind").isEqualTo(3);
    assertThat(store.get(b("claimed"))).isEqualTo(b("mine"));
  }

  @Test
  void checkAbsent_ofAnExpiredRow_passes_andThePutReplacesIt() {
    store.write(WriteBatch.builder().put(b("lease"), b("old"), clock.instant().plusSeconds(5))
        .build());
    assertThat(store.write(WriteBatch.builder().checkAbsent(b("lease")).put(b("lease"), b("new"))
        .build())).as("the lease is still live").isFalse();
    clock.advanceMillis(5_000);
    assertThat(store.write(WriteBatch.builder().checkAbsent(b("lease")).put(b("lease"), b("new"))
        .build())).as("an expired lease counts as absent by the store's clock").isTrue();
    assertThat(store.get(b("lease"))).isEqualTo(b("new"));
  }

  @Test
  void sweep_removesExpiredRowsPhysically_byTheStoreClock() throws SQLException {
    WriteBatch.Builder batch = WriteBatch.builder();
    for (int i = 0; i < 50; i++) {
      batch.put(b("exp" + i), b("v"), clock.instant().plusSeconds(i < 30 ? 1 : 3600));
    }
    batch.put(b("forever"), b("v"));
    store.write(batch.build());
    assertThat(store.sweepExpired()).as("nothing has expired yet").isZero();
    clock.advanceMillis(1_000);
    assertThat(store.sweepExpired()).isEqualTo(30);
    assertThat(rawRows()).isEqualTo(21);
  }
}
