package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.tuple.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore migrate}, run as a user runs it, including across PostgreSQL. */
class MigrateCommandTest {
  private static final String PG_ENV = "CHATSTORE_TEST_POSTGRES_URL";
  private static final String PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test";
  private static final String PG_JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

  @TempDir
  Path dir;
  private final List<String> pgTables = new ArrayList<>();

  private String sampleStore() {
    String uri = "sqlite:" + dir.resolve("source");
    return SampleStore.write(uri);
  }

  private byte[] export(String uri, String name) throws Exception {
    Path file = dir.resolve(name);
    Cli e = Cli.run("export", uri, file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    return Files.readAllBytes(file);
  }

  @Test
  void sqliteToSqlite_copiesEverything_andVerifies() throws Exception {
    String source = sampleStore();
    String target = "sqlite:" + dir.resolve("target");
    Cli m = Cli.run("migrate", "--progress=LINES", "--from", source, "--to", target);
    assertThat(m.exit()).as(m.toString()).isZero();
    assertThat(m.out()).containsPattern("alice:phone\\s+748\\s+748\\s+[0-9a-f]{16}\\s+ok")
        .contains("migrated 2,244 entries of 3 tenants").contains("verified");
    assertThat(m.err()).contains("copy 100%  2,244/2,244").contains("verify 100%");
    assertThat(export(target, "t.dump")).isEqualTo(export(source, "s.dump"));
    try (ChatStore t = ChatStore.open(target)) {
      assertThat(t.kv().get(Migration.CHECKPOINT)).as("checkpoint removed at the end").isNull();
    }
  }

  @Test
  void interruptedMigration_resumesFromItsCheckpoint_andFinishesWithTheSameResult()
      throws Exception {
    String source = sampleStore();
    String target = "sqlite:" + dir.resolve("target");
    Cli stopped = Cli.run("migrate", "--from", source, "--to", target, "--batch", "500",
        "--stop-after-batches", "2");
    assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(1);
    assertThat(stopped.err()).contains("stopped after 2 batches").contains("resume");
    try (ChatStore t = ChatStore.open(target)) {
      assertThat(Migration.count(t.kv())).isEqualTo(1000);
      assertThat(t.kv().get(Migration.CHECKPOINT)).isNotNull();
    }

    Cli other = Cli.run("migrate", "--from", "memory:", "--to", target);
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.err()).contains("unfinished migration from " + source);

    Cli resumed = Cli.run("migrate", "--from", source, "--to", target, "--batch", "500");
    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).contains("resuming: 1,000 entries were copied before")
        .contains("migrated 2,244 entries");
    assertThat(export(target, "t.dump")).isEqualTo(export(source, "s.dump"));
  }

  @Test
  void nonEmptyTarget_isRefused_andLeftAlone() {
    String source = sampleStore();
    String target = "sqlite:" + dir.resolve("target");
    try (ChatStore t = ChatStore.open(target)) {
      t.tenant("zed").area(Area.APP).put(Tuple.of("k").pack(), new byte[] {1});
    }
    Cli m = Cli.run("migrate", "--from", source, "--to", target);
    assertThat(m.exit()).isEqualTo(1);
    assertThat(m.err()).contains("already holds 1 entries");
    try (ChatStore t = ChatStore.open(target)) {
      assertThat(t.kv().count(KeyRange.all())).isEqualTo(1);
    }
  }

  @Test
  void fromMemory_copiesNothing_andVerifies() {
    Cli m = Cli.run("migrate", "--from", "memory:", "--to", "sqlite:" + dir.resolve("t"));
    assertThat(m.exit()).as(m.toString()).isZero();
    assertThat(m.out()).contains("migrated 0 entries of 0 tenants");
  }

  @Test
  void sqliteToPostgresToSqlite_givesByteIdenticalDumps_evenWhenInterrupted() throws Exception {
    String pg = postgres();
    String source = sampleStore();
    Cli stopped = Cli.run("migrate", "--from", source, "--to", pg, "--batch", "300",
        "--stop-after-batches", "3");
    assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(1);
    Cli there = Cli.run("migrate", "--from", source, "--to", pg, "--batch", "300");
    assertThat(there.exit()).as(there.toString()).isZero();
    assertThat(there.out()).contains("resuming: 900 entries").contains("migrated 2,244 entries");

    String back = "sqlite:" + dir.resolve("back");
    Cli home = Cli.run("migrate", "--from", pg, "--to", back);
    assertThat(home.exit()).as(home.toString()).isZero();

    byte[] original = export(source, "source.dump");
    assertThat(export(pg, "pg.dump")).isEqualTo(original);
    assertThat(export(back, "back.dump")).isEqualTo(original);
  }

  @Test
  void help_documentsResumeAndExitCodes() {
    Cli h = Cli.run("migrate", "--help");
    assertThat(h.out()).contains("checkpoint").contains("Exit codes:")
        .doesNotContain("stop-after-batches");
  }

  /** A private table on the test server, or the test is skipped (failed with CI=true). */
  private String postgres() {
    String base = System.getenv(PG_ENV) == null ? PG_DEFAULT : System.getenv(PG_ENV);
    String jdbc = System.getenv(PG_ENV) == null ? PG_JDBC
        : "jdbc:" + base.replaceFirst("^postgres(ql)?://[^@]*@", "postgresql://");
    boolean up;
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
      up = c.isValid(3);
    } catch (SQLException e) {
      up = false;
    }
    if (!up && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and the PostgreSQL test server " + jdbc + " is down");
    }
    assumeTrue(up, "SKIPPED: the PostgreSQL test server " + jdbc + " cannot be reached; set "
        + PG_ENV);
    String table = "cs_test_cli_" + HexFormat.of().toHexDigits(
        ThreadLocalRandom.current().nextLong()).substring(0, 12);
    pgTables.add(table);
    return base + (base.contains("?") ? "&" : "?") + "table=" + table + "&poolSize=4";
  }

  @AfterEach
  void dropTables() throws SQLException {
    if (pgTables.isEmpty()) {
      return;
    }
    String base = System.getenv(PG_ENV);
    String jdbc = base == null ? PG_JDBC
        : "jdbc:" + base.replaceFirst("^postgres(ql)?://[^@]*@", "postgresql://");
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "");
        Statement s = c.createStatement()) {
      for (String t : pgTables) {
        s.execute("DROP TABLE IF EXISTS " + t);
        s.execute("DROP TABLE IF EXISTS " + t + "_meta");
      }
    }
  }
}
