package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.signal.Devices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code chatstore bench}, run as a user runs it (small and short). */
class BenchCommandTest {
  @TempDir
  Path dir;

  @Test
  void bench_onMemoryAndSqlite_printsTheTable_writesCsvAndSvg_andLeavesNoData() throws Exception {
    String sqlite = "sqlite:" + dir.resolve("data");
    Path csv = dir.resolve("b.csv");
    Path svg = dir.resolve("b.svg");
    Cli r = Cli.run("bench", "--uri", "memory:", "--uri", sqlite, "--duration", "200ms",
        "--size", "60", "--csv", csv.toString(), "--svg", svg.toString(), "--progress", "LINES");
    assertThat(r.exit()).as(r.toString()).isZero();
    for (String w : BenchWorkloads.NAMES) {
      assertThat(r.out()).contains(w);
    }
    assertThat(r.out()).contains("memory:").contains(sqlite).contains("RATIO").contains("×")
        .contains("wrote " + csv);
    assertThat(r.err()).contains("bench memory: 100%");

    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(
        "uri,workload,side,ops,seconds,ops_per_s,p50_us,p99_us,ratio_to_raw");
    assertThat(lines).hasSize(1 + 2 * 2 * BenchWorkloads.NAMES.size());
    assertThat(lines.get(1)).startsWith("memory:,message ingest,chatstore,");
    assertThat(lines.get(2)).startsWith("memory:,message ingest,raw,").endsWith(",1.000");

    Document chart = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(svg.toFile());
    assertThat(chart.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(chart.getElementsByTagName("rect").getLength())
        .isEqualTo(1 + 2 * BenchWorkloads.NAMES.size());

    try (ChatStore store = ChatStore.open(sqlite)) {
      assertThat(store.tenants()).as("bench tenants are dropped").isEmpty();
      assertThat(Devices.open(store).ids()).as("the bench device is dropped").isEmpty();
    }
  }

  @Test
  void badDuration_isBadUsage() {
    Cli r = Cli.run("bench", "--duration", "soon");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--duration 'soon' is not a duration");
  }
}
