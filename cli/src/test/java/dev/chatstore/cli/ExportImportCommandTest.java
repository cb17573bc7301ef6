package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.kv.KeyRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore export} and {@code chatstore import}, run as a user runs them. */
class ExportImportCommandTest {
  @TempDir
  Path dir;

  private String sampleStore() {
    String uri = "sqlite:" + dir.resolve("source");
    return SampleStore.write(uri);
  }

  @Test
  void exportThenImport_intoANewStore_givesAByteIdenticalDump() throws Exception {
    String source = sampleStore();
    Path first = dir.resolve("first.dump");
    Cli e = Cli.run("export", "--progress=LINES", source, first.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    assertThat(e.out()).contains("exported 2,244 records of the whole store");
    assertThat(e.err()).contains("export 100%  2,244/2,244");
    assertThat(Files.exists(dir.resolve("first.dump.partial"))).isFalse();

    String target = "sqlite:" + dir.resolve("target");
    Cli i = Cli.run("import", "--progress=LINES", target, first.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    assertThat(i.out()).contains("imported 2,244 records of a whole-store dump")
        .contains("in 3 batches");
    assertThat(i.err()).contains("verify 2,244").contains("import 100%  2,244/2,244");

    Path second = dir.resolve("second.dump");
    assertThat(Cli.run("export", target, second.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void exportOfOneTenant_holdsOnlyIt() {
    String source = sampleStore();
    Path file = dir.resolve("bob.dump");
    Cli e = Cli.run("export", "--tenant", "bob:laptop", source, file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    assertThat(e.out()).contains("exported 748 records of tenant 'bob:laptop'");

    String target = "sqlite:" + dir.resolve("target");
    Cli i = Cli.run("import", target, file.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    assertThat(i.out()).contains("of tenant 'bob:laptop'");
    try (ChatStore store = ChatStore.open(target)) {
      assertThat(store.tenants()).containsExactly("bob:laptop");
    }
  }

  @Test
  void truncatedOrAlteredDump_isRefused_withExit1_andImportsNothing() throws Exception {
    String source = sampleStore();
    Path file = dir.resolve("all.dump");
    assertThat(Cli.run("export", source, file.toString()).exit()).isZero();
    byte[] good = Files.readAllBytes(file);
    String target = "sqlite:" + dir.resolve("target");

    Path cut = Files.write(dir.resolve("cut.dump"), Arrays.copyOf(good, good.length - 40));
    Cli c = Cli.run("import", target, cut.toString());
    assertThat(c.exit()).as(c.toString()).isEqualTo(1);
    assertThat(c.err()).contains("invalid dump at byte").contains("truncated");

    byte[] altered = good.clone();
    altered[good.length / 2] ^= 0x20;
    Path bad = Files.write(dir.resolve("bad.dump"), altered);
    Cli b = Cli.run("import", target, bad.toString());
    assertThat(b.exit()).as(b.toString()).isEqualTo(1);
    assertThat(b.err()).contains("invalid dump at byte");

    try (ChatStore store = ChatStore.open(target)) {
      assertThat(store.kv().count(KeyRange.all())).as("nothing half-imported").isZero();
    }
  }

  @Test
  void memoryStore_exportsAndImportsAnEmptyDump() {
    Path file = dir.resolve("empty.dump");
    Cli e = Cli.run("export", "memory:", file.toString());
    assertThat(e.exit()).as(e.toString()).isZero();
    assertThat(e.out()).contains("exported 0 records");
    Cli i = Cli.run("import", "memory:", file.toString());
    assertThat(i.exit()).as(i.toString()).isZero();
    assertThat(i.out()).contains("imported 0 records");
  }

  @Test
  void missingFile_isBadUsage() {
    Cli i = Cli.run("import", "memory:", dir.resolve("nothing.dump").toString());
    assertThat(i.exit()).isEqualTo(2);
    assertThat(i.err()).contains("does not exist");
  }

  @Test
  void help_describesTheChecks() {
    assertThat(Cli.run("import", "--help").out()).contains("nothing is written")
        .contains("Exit codes:");
    assertThat(Cli.run("export", "--help").out()).contains("--tenant");
  }
}
