package dev.chatstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema at open: created with a recorded version, reused, migrated in one transaction, and
 * refused untouched when it is newer than the code or not chatstore's.
 */
class PostgresSchemaTest {
  @RegisterExtension
  static final PostgresTestServer PG = new PostgresTestServer();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static PostgresKvStore open(String table) {
    return PostgresKvStore.open(PostgresTestServer.uri(table), StoreOptions.defaults());
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = PostgresTestServer.jdbc(); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static String query(String statement) throws SQLException {
    try (Connection c = PostgresTestServer.jdbc(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(statement)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String version(String table) throws SQLException {
    return query("SELECT value FROM " + PgSql.quote(table + "_meta")
        + " WHERE name = 'schema_version'");
  }

  /** A history one version ahead of the code: version 2 adds a column. */
  private static final List<PostgresSchema.Migration> AHEAD = List.of(
      new PostgresSchema.Migration(1, "add column note",
          t -> List.of("ALTER TABLE " + PgSql.quote(t) + " ADD COLUMN note text")));

  @Test
  void open_ofANewTable_createsItAndRecordsTheVersion() throws SQLException {
    String table = PG.newTable("schema");
    try (PostgresKvStore store = open(table)) {
      store.put(b("k"), b("v"));
    }
    assertThat(version(table)).isEqualTo(Integer.toString(PostgresKvStore.SCHEMA_VERSION));
    assertThat(query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid"
        + " = '" + PgSql.quote(table) + "'::regclass AND attname = 'k'")).isEqualTo("bytea");
    try (PostgresKvStore store = open(table)) {
      assertThat(store.get(b("k"))).as("reopening the current schema keeps the data")
          .isEqualTo(b("v"));
    }
  }

  @Test
  void open_ofANewerSchema_isRefusedNamingBothVersions_andChangesNothing() throws SQLException {
    String table = PG.newTable("schema");
    try (PostgresKvStore store = open(table)) {
      store.put(b("k"), b("v"));
    }
    sql("UPDATE " + PgSql.quote(table + "_meta") + " SET value = '7'");
    assertThatThrownBy(() -> open(table))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION))
        .hasMessageContaining("schema version 7, newer than version "
            + PostgresKvStore.SCHEMA_VERSION)
        .hasMessageContaining(table)
        .hasMessageContaining("nothing was changed");
    assertThat(version(table)).isEqualTo("7");
    assertThat(query("SELECT count(*) FROM " + PgSql.quote(table))).isEqualTo("1");
  }

  @Test
  void open_ofAForeignTableWithoutMeta_isRefusedUntouched() throws SQLException {
    String table = PG.newTable("foreign");
    sql("CREATE TABLE " + PgSql.quote(table) + " (id int PRIMARY KEY, name text)");
    sql("INSERT INTO " + PgSql.quote(table) + " VALUES (1, 'theirs')");
    assertThatThrownBy(() -> open(table))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION))
        .hasMessageContaining("not a chatstore table");
    assertThat(query("SELECT name FROM " + PgSql.quote(table))).isEqualTo("theirs");
    assertThat(query("SELECT to_regclass('" + PgSql.quote(table + "_meta") + "')")).isNull();
  }

  @Test
  void open_withAGarbledVersion_isRefused() throws SQLException {
    String table = PG.newTable("schema");
    open(table).close();
    sql("UPDATE " + PgSql.quote(table + "_meta") + " SET value = 'two'");
    assertThatThrownBy(() -> open(table))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION))
        .hasMessageContaining("'two', expected an integer");
  }

  @Test
  void ensure_ofAnOlderSchema_migratesInOneStep_andTheOlderCodeThenRefusesIt()
      throws SQLException {
    String table = PG.newTable("migrate");
    try (PostgresKvStore store = open(table)) {
      store.put(b("k"), b("v"));
    }
    try (Connection c = PostgresTestServer.jdbc()) {
      assertThat(PostgresSchema.ensure(c, table, table, 2, AHEAD))
          .isEqualTo(PostgresSchema.Outcome.MIGRATED);
      assertThat(PostgresSchema.ensure(c, table, table, 2, AHEAD))
          .isEqualTo(PostgresSchema.Outcome.CURRENT);
    }
    assertThat(version(table)).isEqualTo("2");
    assertThat(query("SELECT count(*) FROM pg_attribute WHERE attrelid = '"
        + PgSql.quote(table) + "'::regclass AND attname = 'note'")).isEqualTo("1");
    assertThatThrownBy(() -> open(table))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION))
        .hasMessageContaining("schema version 2, newer than version 1");
  }

  @Test
  void ensure_whoseMigrationFails_changesNothing() throws SQLException {
    String table = PG.newTable("migrate");
    open(table).close();
    List<PostgresSchema.Migration> broken = List.of(new PostgresSchema.Migration(1, "broken",
        t -> List.of("ALTER TABLE " + PgSql.quote(t) + " ADD COLUMN note text",
            "ALTER TABLE " + PgSql.quote(t) + " ADD COLUMN note text")));
    try (Connection c = PostgresTestServer.jdbc()) {
      assertThatThrownBy(() -> PostgresSchema.ensure(c, table, table, 2, broken))
          .isInstanceOfSatisfying(StoreException.class,
              e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.MIGRATION))
          .hasMessageContaining("from schema version 1 to 2 (broken) failed, nothing was"
              + " changed");
    }
    assertThat(version(table)).isEqualTo("1");
    assertThat(query("SELECT count(*) FROM pg_attribute WHERE attrelid = '"
        + PgSql.quote(table) + "'::regclass AND attname = 'note'"))
        .as("the first statement of the failed step should be rolled back too").isEqualTo("0");
  }

  @Test
  void open_ofOneNewTableByManyStoresAtOnce_createsItOnce() throws Exception {
    String table = PG.newTable("race");
    int stores = 4;
    ExecutorService pool = Executors.newFixedThreadPool(stores);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PostgresKvStore>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < stores; i++) {
        int n = i;
        Callable<PostgresKvStore> task = () -> {
          go.await();
          PostgresKvStore s = open(table);
          s.put(b("k" + n), b("v"));
          return s;
        };
        opened.add(pool.submit(task));
      }
      go.countDown();
      for (Future<PostgresKvStore> f : opened) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      for (Future<PostgresKvStore> f : opened) {
        if (f.state() == Future.State.SUCCESS) {
          f.resultNow().close();
        }
      }
    }
    assertThat(query("SELECT count(*) FROM " + PgSql.quote(table))).isEqualTo("4");
    assertThat(version(table)).isEqualTo("1");
  }
}
