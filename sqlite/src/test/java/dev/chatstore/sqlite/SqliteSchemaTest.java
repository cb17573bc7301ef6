package dev.chatstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvFeature;
import dev.chatstore.kv.KvStore;
import dev.chatstore.kv.KvStoreProvider;
import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk side of {@link SqliteKvStore}: schema creation, identification, migration and
 * refusal, file layout, byte order, empty values, settings; plus the URI grammar of
 * {@link SqliteUri}.
 */
@Timeout(60)
class SqliteSchemaTest {
  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] u(int... unsigned) {
    byte[] out = new byte[unsigned.length];
    for (int i = 0; i < unsigned.length; i++) {
      out[i] = (byte) unsigned[i];
    }
    return out;
  }

  private static Connection jdbc(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static long pragma(Path file, String pragma) throws SQLException {
    try (Connection c = jdbc(file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      assertThat(rs.next()).as("PRAGMA %s returns a row", pragma).isTrue();
      return rs.getLong(1);
    }
  }

  private static List<String> columns(Path file) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = jdbc(file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA table_info(kv)")) {
      while (rs.next()) {
        out.add(rs.getString("name") + " " + rs.getString("type")
            + (rs.getInt("notnull") == 1 ? " NOT NULL" : "") + (rs.getInt("pk") > 0 ? " PK" : ""));
      }
    }
    return out;
  }

  /** Builds a schema-version-1 database as chatstore 1 wrote it. */
  private static void writeV1(Path file, byte[][] keys, byte[][] values) throws SQLException {
    try (Connection c = jdbc(file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE kv(k BLOB NOT NULL PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
      st.execute("PRAGMA application_id = " + SqliteKvStore.APPLICATION_ID);
      st.execute("PRAGMA user_version = 1");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv(k, v) VALUES(?, ?)")) {
        for (int i = 0; i < keys.length; i++) {
          ps.setBytes(1, keys[i]);
          ps.setBytes(2, values[i]);
          ps.executeUpdate();
        }
      }
    }
  }

  // ---------------------------------------------------------------- creation

  @Test
  void freshDatabase_getsCurrentSchemaVersionAndApplicationId() throws Exception {
    Path file;
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      file = store.databaseFile();
      assertThat(file).isEqualTo(dir.toAbsolutePath().normalize().resolve("chatstore.db"));
      assertThat(store.name()).isEqualTo("sqlite:" + file);
      assertThat(store.features()).containsExactlyInAnyOrder(KvFeature.TTL,
          KvFeature.RANGE_DELETE, KvFeature.REVERSE_SCAN, KvFeature.PERSISTENT);
      SqliteKvStore.Settings s = store.settings();
      assertThat(s.userVersion()).isEqualTo(2);
      assertThat(s.applicationId()).isEqualTo(SqliteKvStore.APPLICATION_ID);
      assertThat(s.journalMode()).isEqualToIgnoringCase("wal");
      assertThat(s.synchronous()).isEqualTo(1);
      assertThat(s.busyTimeoutMs()).isEqualTo(30_000);
      assertThat(s.tempStore()).isEqualTo(2);
      assertThat(s.cacheSize()).isEqualTo(-SqliteKvStore.WRITER_CACHE_KIB);
      store.put(b("a"), b("1"));
    }
    assertThat(SqliteKvStore.SCHEMA_VERSION).isEqualTo(2);
    assertThat(SqliteKvStore.APPLICATION_ID).isEqualTo(0x43685374);
    assertThat(pragma(file, "user_version")).isEqualTo(2);
    assertThat(pragma(file, "application_id")).isEqualTo(0x43685374);
    assertThat(columns(file)).containsExactly("k BLOB NOT NULL PK", "v BLOB NOT NULL",
        "exp INTEGER");
    try (Connection c = jdbc(file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'kv_exp'")) {
      assertThat(rs.next()).as("index kv_exp exists").isTrue();
      assertThat(rs.getString(1)).contains("WHERE exp IS NOT NULL");
    }
    try (Connection c = jdbc(file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void sweepQuery_usesThePartialExpiryIndex() throws Exception {
    Path file;
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      file = store.databaseFile();
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = jdbc(file);
        PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + Sql.SWEEP)) {
      ps.setLong(1, 1);
      ps.setInt(2, 10);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("kv_exp");
  }

  @Test
  void directoryLocation_isCreatedWithParents_fileLocation_getsItsParent() {
    Path nested = dir.resolve("a/b c/d");
    try (SqliteKvStore store = SqliteKvStore.open(nested)) {
      assertThat(store.databaseFile()).isEqualTo(nested.toAbsolutePath().resolve("chatstore.db"));
    }
    assertThat(nested.resolve("chatstore.db")).isRegularFile();
    for (String name : List.of("x/one.db", "y/two.sqlite", "z/three.sqlite3", "w/FOUR.DB")) {
      Path f = dir.resolve(name);
      try (SqliteKvStore store = SqliteKvStore.open(f)) {
        assertThat(store.databaseFile()).isEqualTo(f.toAbsolutePath());
        store.put(b("k"), b("v"));
      }
      assertThat(f).isRegularFile();
    }
  }

  @Test
  void existingFileWithoutExtension_isTheDatabaseItself() throws Exception {
    Path f = dir.resolve("mystore");
    try (SqliteKvStore store = SqliteKvStore.open(f.resolveSibling("mystore.db"))) {
      store.put(b("k"), b("v"));
    }
    Files.move(f.resolveSibling("mystore.db"), f);
    try (SqliteKvStore store = SqliteKvStore.open(f)) {
      assertThat(store.databaseFile()).isEqualTo(f.toAbsolutePath());
      assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }
  }

  // ---------------------------------------------------------------- migration

  @Test
  void v1Database_isMigrated_rowsKept_expiryWorksAfter() throws Exception {
    Path file = dir.resolve("old.db");
    writeV1(file, new byte[][] {b("a"), b("b"), u(0xff, 0x00), new byte[0]},
        new byte[][] {b("1"), new byte[0], b("ff"), b("empty key")});
    assertThat(columns(file)).containsExactly("k BLOB NOT NULL PK", "v BLOB NOT NULL");

    ManualClock clock = new ManualClock();
    StoreOptions options = StoreOptions.defaults().withClock(clock);
    try (SqliteKvStore store = SqliteKvStore.open(file, SqliteOptions.defaults(), options)) {
      assertThat(store.settings().userVersion()).isEqualTo(2);
      assertThat(store.get(b("a"))).isEqualTo(b("1"));
      assertThat(store.get(b("b"))).isNotNull().isEmpty();
      assertThat(store.get(new byte[0])).isEqualTo(b("empty key"));
      assertThat(store.count(KeyRange.all())).isEqualTo(4);
      assertThat(store.scanAll(KeyRange.all())).extracting(e -> Bytes.show(e.key()))
          .containsExactly("0x", "0x61", "0x62", "0xff00");

      Instant soon = clock.instant().plusSeconds(10);
      store.write(WriteBatch.builder().put(b("t"), b("temp"), soon)
          .put(b("a"), b("2"), soon).build());
      assertThat(store.get(b("t"))).isEqualTo(b("temp"));
      clock.advance(Duration.ofSeconds(10));
      assertThat(store.get(b("t"))).isNull();
      assertThat(store.get(b("a"))).isNull();
      assertThat(store.count(KeyRange.all())).isEqualTo(3);
      assertThat(store.sweepExpired()).isEqualTo(2);
      assertThat(store.get(b("b"))).isEmpty();
    }
    assertThat(pragma(file, "user_version")).isEqualTo(2);
    assertThat(pragma(file, "application_id")).isEqualTo(SqliteKvStore.APPLICATION_ID);
    assertThat(columns(file)).containsExactly("k BLOB NOT NULL PK", "v BLOB NOT NULL",
        "exp INTEGER");
    try (SqliteKvStore store = SqliteKvStore.open(file)) {
      assertThat(store.settings().userVersion()).isEqualTo(2);
      assertThat(store.count(KeyRange.all())).isEqualTo(3);
    }
  }

  @Test
  void failingMigration_changesNothing() throws Exception {
    Path file = dir.resolve("old.db");
    writeV1(file, new byte[][] {b("a")}, new byte[][] {b("1")});
    try (Connection c = jdbc(file); Statement st = c.createStatement()) {
      // An object in the way of step 1 -> 2, which creates the index kv_exp.
      st.execute("CREATE INDEX kv_exp ON kv(v)");
    }
    assertThatThrownBy(() -> SqliteKvStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION);
          assertThat(e.getMessage()).contains(file.toString()).contains("version 1 to 2");
        });
    assertThat(pragma(file, "user_version")).isEqualTo(1);
    assertThat(columns(file)).containsExactly("k BLOB NOT NULL PK", "v BLOB NOT NULL");
  }

  @Test
  void migrationSteps_leadToTheSchemaAFreshDatabaseGets() throws Exception {
    Path migrated = dir.resolve("migrated.db");
    writeV1(migrated, new byte[0][], new byte[0][]);
    SqliteKvStore.open(migrated).close();
    Path fresh = dir.resolve("fresh.db");
    SqliteKvStore.open(fresh).close();
    assertThat(columns(migrated)).isEqualTo(columns(fresh));
    assertThat(SqliteSchema.MIGRATIONS).hasSize(SqliteKvStore.SCHEMA_VERSION - 1);
  }

  // ---------------------------------------------------------------- refusal

  @Test
  void newerSchemaVersion_isRefused_fileUntouched() throws Exception {
    Path file = dir.resolve("future.db");
    try (Connection c = jdbc(file); Statement st = c.createStatement()) {
      st.execute(SqliteSchema.CREATE_KV);
      st.execute("INSERT INTO kv(k, v) VALUES(x'01', x'02')");
      st.execute("PRAGMA application_id = " + SqliteKvStore.APPLICATION_ID);
      st.execute("PRAGMA user_version = 7");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteKvStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION);
          assertThat(e.getMessage()).contains(file.toAbsolutePath().toString())
              .contains("schema version 7").contains("version 2");
        });
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(pragma(file, "user_version")).isEqualTo(7);
  }

  @Test
  void foreignDatabase_isRefused_fileUntouched() throws Exception {
    Path file = dir.resolve("other-app.db");
    try (Connection c = jdbc(file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, body TEXT)");
      st.execute("INSERT INTO messages(body) VALUES('hello')");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteKvStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION);
          assertThat(e.getMessage()).contains(file.toString())
              .contains("is not a chatstore database");
        });
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(pragma(file, "application_id")).isZero();
  }

  @Test
  void databaseWithAnotherApplicationId_isRefused_evenWhenEmpty() throws Exception {
    Path file = dir.resolve("other-id.db");
    try (Connection c = jdbc(file); Statement st = c.createStatement()) {
      st.execute("PRAGMA application_id = 1234");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteKvStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION);
          assertThat(e.getMessage()).contains("is not a chatstore database")
              .contains("0x000004d2");
        });
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void fileThatIsNotSqlite_isRefused_untouched() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "these are my notes, not a database\n".repeat(100));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteKvStore.open(file))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION);
          assertThat(e.getMessage()).contains(file.toString())
              .contains("is not a chatstore database");
        });
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  // ---------------------------------------------------------------- data

  @Test
  void closeAndReopen_keepsData() {
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      store.put(b("a"), b("1"));
      store.write(WriteBatch.builder().put(b("b"), b("2")).put(b("c"), new byte[0]).build());
      store.delete(b("a"));
    }
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      assertThat(store.get(b("a"))).isNull();
      assertThat(store.get(b("b"))).isEqualTo(b("2"));
      assertThat(store.get(b("c"))).isNotNull().isEmpty();
      assertThat(store.count(KeyRange.all())).isEqualTo(2);
    }
  }

  @Test
  void emptyValuesAndTheEmptyKey_comeBackAsEmptyArrays() {
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      store.put(b("e"), new byte[0]);
      store.put(new byte[0], new byte[0]);
      assertThat(store.get(b("e"))).isNotNull().isEmpty();
      assertThat(store.get(new byte[0])).isNotNull().isEmpty();
      List<byte[]> many = store.getAll(List.of(b("e"), b("missing"), new byte[0], b("e")));
      assertThat(many).hasSize(4);
      assertThat(many.get(0)).isNotNull().isEmpty();
      assertThat(many.get(1)).isNull();
      assertThat(many.get(2)).isNotNull().isEmpty();
      assertThat(many.get(0)).isNotSameAs(many.get(3));
      List<KvEntry> all = store.scan(KeyRange.all(), Direction.ASCENDING, 10).entries();
      assertThat(all).extracting(e -> e.key().length).containsExactly(0, 1);
      assertThat(all).allSatisfy(e -> assertThat(e.value()).isNotNull().isEmpty());
      assertThat(store.write(WriteBatch.builder().check(b("e"), new byte[0])
          .put(b("e"), b("x")).build())).isTrue();
      assertThat(store.write(WriteBatch.builder().check(b("e"), new byte[0])
          .put(b("e"), b("y")).build())).isFalse();
      assertThat(store.get(b("e"))).isEqualTo(b("x"));
    }
  }

  @Test
  void returnedArrays_areFresh() {
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      store.put(b("k"), b("value"));
      byte[] first = store.get(b("k"));
      first[0] = 'X';
      assertThat(store.get(b("k"))).isEqualTo(b("value"));
      KvEntry e = store.scan(KeyRange.all(), Direction.ASCENDING, 1).entries().get(0);
      e.key()[0] = 'Z';
      e.value()[0] = 'Z';
      assertThat(store.scan(KeyRange.all(), Direction.ASCENDING, 1).entries().get(0))
          .isEqualTo(new KvEntry(b("k"), b("value")));
    }
  }

  @Test
  void blobOrder_isUnsignedByteOrder_shorterPrefixFirst() {
    List<byte[]> keys = List.of(new byte[0], u(0x00), u(0x00, 0x00), u(0x00, 0xff), u(0x01),
        u(0x7f), u(0x7f, 0xff), u(0x80), u(0x80, 0x00), u(0xfe, 0xff), u(0xff), u(0xff, 0x00),
        u(0xff, 0xff), u(0xff, 0xff, 0xff));
    List<byte[]> shuffled = new ArrayList<>(keys);
    java.util.Collections.shuffle(shuffled, new java.util.Random(42));
    try (SqliteKvStore store = SqliteKvStore.open(dir)) {
      WriteBatch.Builder batch = WriteBatch.builder();
      for (byte[] k : shuffled) {
        batch.put(k, k);
      }
      store.write(batch.build());
      List<byte[]> expected = new ArrayList<>(keys);
      expected.sort(Bytes.ORDER);
      assertThat(expected).containsExactlyElementsOf(keys); // the list above is in order
      List<KvEntry> asc = store.scan(KeyRange.all(), Direction.ASCENDING, 100).entries();
      assertThat(asc).extracting(e -> Bytes.show(e.key()))
          .containsExactlyElementsOf(keys.stream().map(Bytes::show).toList());
      List<KvEntry> desc = store.scan(KeyRange.all(), Direction.DESCENDING, 100).entries();
      assertThat(desc).extracting(e -> Bytes.show(e.key()))
          .containsExactlyElementsOf(keys.reversed().stream().map(Bytes::show).toList());
      assertThat(store.count(KeyRange.of(u(0x80), u(0xff)))).isEqualTo(3);
      assertThat(store.scan(KeyRange.of(u(0x7f), u(0x80)), Direction.ASCENDING, 10).entries())
          .extracting(e -> Bytes.show(e.key())).containsExactly("0x7f", "0x7fff");
      assertThat(store.count(KeyRange.prefix(u(0xff)))).isEqualTo(4);
      assertThat(store.count(KeyRange.of(u(0x00), u(0x00, 0x00)))).isEqualTo(1);
      store.write(WriteBatch.builder().deleteRange(u(0x00, 0xff), u(0x80, 0x00)).build());
      assertThat(store.scan(KeyRange.all(), Direction.ASCENDING, 100).entries())
          .extracting(e -> Bytes.show(e.key()))
          .containsExactly("0x", "0x00", "0x0000", "0x8000", "0xfeff", "0xff", "0xff00", "0xffff",
              "0xffffff");
      store.write(WriteBatch.builder().deleteRange(u(0xff), null).build());
      assertThat(store.count(KeyRange.all())).isEqualTo(5);
    }
  }

  @Test
  void expiryBeyondEpochMillis_neverExpires_farPast_isExpired() {
    ManualClock clock = new ManualClock();
    StoreOptions options = StoreOptions.defaults().withClock(clock);
    try (SqliteKvStore store = SqliteKvStore.open(dir, SqliteOptions.defaults(), options)) {
      store.write(WriteBatch.builder().put(b("max"), b("1"), Instant.MAX)
          .put(b("min"), b("2"), Instant.MIN).put(b("past"), b("3"), Instant.EPOCH).build());
      clock.advance(Duration.ofDays(365L * 1000));
      assertThat(store.get(b("max"))).isEqualTo(b("1"));
      assertThat(store.get(b("min"))).isNull();
      assertThat(store.get(b("past"))).isNull();
      assertThat(store.sweepExpired()).isEqualTo(2);
    }
    assertThat(SqliteKvStore.expiryMillis(null)).isNull();
    assertThat(SqliteKvStore.expiryMillis(Instant.ofEpochMilli(5))).isEqualTo(5L);
  }

  // ---------------------------------------------------------------- settings

  @Test
  void synchronousFull_isAppliedOnTheWriter() {
    SqliteOptions full = SqliteOptions.defaults().withSynchronous(SqliteOptions.Synchronous.FULL)
        .withBusyTimeoutMs(1234).withReaders(2);
    try (SqliteKvStore store = SqliteKvStore.open(dir, full, StoreOptions.defaults())) {
      assertThat(store.settings().synchronous()).isEqualTo(2);
      assertThat(store.settings().busyTimeoutMs()).isEqualTo(1234);
      assertThat(store.sqliteOptions()).isEqualTo(full);
      store.put(b("k"), b("v"));
      assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }
    try (KvStore store = new SqliteKvStoreProvider().open("sqlite:" + dir + "?synchronous=full",
        StoreOptions.defaults())) {
      assertThat(((SqliteKvStore) store).settings().synchronous()).isEqualTo(2);
      assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }
  }

  @Test
  void provider_isFoundByServiceLoader_andOpensUris() {
    KvStoreProvider provider = ServiceLoader.load(KvStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.scheme().equals("sqlite")).findFirst()
        .orElseThrow();
    assertThat(provider).isInstanceOf(SqliteKvStoreProvider.class);
    assertThat(provider.uriSyntax()).contains("sqlite:PATH").contains("readers");
    Path file = dir.resolve("via uri/store.sqlite");
    try (KvStore store = provider.open("sqlite:" + file + "?readers=1",
        StoreOptions.defaults())) {
      assertThat(store.name()).isEqualTo("sqlite:" + file.toAbsolutePath());
      store.put(b("k"), b("v"));
      // one reader is enough for nested use from one thread, one call at a time
      assertThat(store.getAll(List.of(b("k"), b("k")))).hasSize(2);
    }
    assertThat(file).isRegularFile();
    assertThatThrownBy(() -> provider.open("sqlite:", StoreOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path must not be empty");
  }

  // ---------------------------------------------------------------- URI grammar

  @Test
  void uri_directoryAndFileLocations() {
    SqliteUri d = SqliteUri.parse("sqlite:" + dir);
    assertThat(d.location()).isEqualTo(dir);
    assertThat(d.databaseFile()).isEqualTo(dir.toAbsolutePath().resolve("chatstore.db"));
    assertThat(d.options()).isEqualTo(SqliteOptions.defaults());

    SqliteUri rel = SqliteUri.parse("sqlite:data/chats");
    assertThat(rel.location()).isEqualTo(Path.of("data/chats"));
    assertThat(rel.databaseFile())
        .isEqualTo(Path.of("data/chats").toAbsolutePath().resolve("chatstore.db"));

    assertThat(SqliteUri.parse("sqlite:bot.db").databaseFile())
        .isEqualTo(Path.of("bot.db").toAbsolutePath());
    assertThat(SqliteUri.parse("sqlite:x/y.SQLite").databaseFile())
        .isEqualTo(Path.of("x/y.SQLite").toAbsolutePath());
    assertThat(SqliteUri.parse("sqlite:x/y.sqlite3").databaseFile())
        .isEqualTo(Path.of("x/y.sqlite3").toAbsolutePath());
    assertThat(SqliteUri.parse("sqlite:x/.db").databaseFile())
        .isEqualTo(Path.of("x/.db/chatstore.db").toAbsolutePath());
    assertThat(SqliteUri.parse("sqlite:x/db").databaseFile())
        .isEqualTo(Path.of("x/db/chatstore.db").toAbsolutePath());
  }

  @Test
  void uri_slashForms() {
    SqliteUri spec = SqliteUri.parse("sqlite://path/to/db.sqlite");
    assertThat(spec.location()).isEqualTo(Path.of("path/to/db.sqlite"));
    assertThat(spec.location().isAbsolute()).isFalse();
    assertThat(spec.databaseFile()).isEqualTo(Path.of("path/to/db.sqlite").toAbsolutePath());

    SqliteUri abs = SqliteUri.parse("sqlite:///srv/chat/store.sqlite3");
    assertThat(abs.location()).isEqualTo(Path.of("/srv/chat/store.sqlite3"));
    assertThat(abs.databaseFile()).isEqualTo(Path.of("/srv/chat/store.sqlite3"));

    assertThat(SqliteUri.parse("sqlite:/var/lib/bot").databaseFile())
        .isEqualTo(Path.of("/var/lib/bot/chatstore.db"));
    assertThat(SqliteUri.parse("SQLite:/a b/c d.db").databaseFile())
        .isEqualTo(Path.of("/a b/c d.db"));
    assertThat(SqliteUri.parse("sqlite:///a/../b/./c.db").databaseFile())
        .isEqualTo(Path.of("/b/c.db"));
  }

  @Test
  void uri_parameters() {
    SqliteUri u = SqliteUri.parse("sqlite:/d?synchronous=FULL&readers=8&busyTimeoutMs=5000");
    assertThat(u.options()).isEqualTo(new SqliteOptions(SqliteOptions.Synchronous.FULL, 8, 5000));
    assertThat(u.location()).isEqualTo(Path.of("/d"));
    assertThat(SqliteUri.parse("sqlite:/d?synchronous=normal").options().synchronous())
        .isEqualTo(SqliteOptions.Synchronous.NORMAL);
    assertThat(SqliteUri.parse("sqlite:/d?synchronous=Full&").options().synchronous())
        .isEqualTo(SqliteOptions.Synchronous.FULL);
    assertThat(SqliteUri.parse("sqlite:/d?").options()).isEqualTo(SqliteOptions.defaults());
    assertThat(SqliteUri.parse("sqlite:/d?readers=1&busyTimeoutMs=0").options())
        .isEqualTo(new SqliteOptions(SqliteOptions.Synchronous.NORMAL, 1, 0));
    assertThat(SqliteUri.parse("sqlite:/d?readers=64").options().readers()).isEqualTo(64);
    assertThat(SqliteUri.parse("sqlite:///d.db?readers=2").databaseFile())
        .isEqualTo(Path.of("/d.db"));

    assertThat(SqliteOptions.defaults()).isEqualTo(new SqliteOptions(
        SqliteOptions.Synchronous.NORMAL, 4, 30_000));
    assertThat(SqliteOptions.PARAMETERS).containsExactly("synchronous", "readers",
        "busyTimeoutMs");
    SqliteOptions custom = new SqliteOptions(SqliteOptions.Synchronous.FULL, 3, 100);
    assertThat(SqliteUri.parse("sqlite:/d?" + custom.toQuery()).options()).isEqualTo(custom);
    assertThat(SqliteOptions.defaults().toQuery()).isEmpty();
  }

  @Test
  void uri_errors() {
    for (String empty : List.of("sqlite:", "sqlite://", "sqlite:?readers=2", "sqlite://?a=b")) {
      assertThatThrownBy(() -> SqliteUri.parse(empty)).as(empty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("path must not be empty");
    }
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?foo=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'foo'")
        .hasMessageContaining("synchronous, readers, busyTimeoutMs");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?Readers=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'Readers'");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers=0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'readers'").hasMessageContaining("'0'")
        .hasMessageContaining("an integer from 1 to 64");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers=65"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'readers'").hasMessageContaining("'65'");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers=four"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'readers'").hasMessageContaining("'four'")
        .hasMessageContaining("an integer from 1 to 64");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?synchronous=OFF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'synchronous'").hasMessageContaining("'OFF'")
        .hasMessageContaining("NORMAL or FULL");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?busyTimeoutMs=-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'busyTimeoutMs'").hasMessageContaining("'-1'")
        .hasMessageContaining("milliseconds");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?busyTimeoutMs=99999999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'busyTimeoutMs'").hasMessageContaining("'99999999999'");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'readers'").hasMessageContaining("name=value");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers=2&readers=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'readers'").hasMessageContaining("more than once");
    assertThatThrownBy(() -> SqliteUri.parse("memory:"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a sqlite URI");
    assertThatThrownBy(() -> SqliteUri.parse("sqlite:/d?readers=0"))
        .hasMessageContaining("sqlite:/d?readers=0"); // the message quotes the URI
    assertThatThrownBy(() -> new SqliteOptions(null, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synchronous");
    assertThatThrownBy(() -> SqliteOptions.defaults().withReaders(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readers");
  }

  @Test
  void openArguments_areChecked() {
    assertThatThrownBy(() -> SqliteKvStore.open(null, SqliteOptions.defaults(),
        StoreOptions.defaults())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqliteKvStore.open(dir.resolve("what?.db")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?'");
  }
}
