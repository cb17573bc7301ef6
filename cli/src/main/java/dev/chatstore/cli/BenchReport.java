package dev.chatstore.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table, CSV and SVG chart of a {@code chatstore bench} run. */
final class BenchReport {
  private final List<BenchResult> results;

  BenchReport(List<BenchResult> results) {
    this.results = List.copyOf(results);
  }

  /** A measured pair: chatstore and raw of one workload on one store. */
  record Pair(BenchResult layer, BenchResult raw) {
    double ratio() {
      return raw.opsPerSecond() <= 0 ? 0 : layer.opsPerSecond() / raw.opsPerSecond();
    }
  }

  List<Pair> pairs() {
    List<Pair> out = new ArrayList<>();
    for (BenchResult r : results) {
      if (r.side().equals("chatstore")) {
        results.stream().filter(o -> o.side().equals("raw") && o.uri().equals(r.uri())
            && o.workload().equals(r.workload())).findFirst()
            .ifPresent(raw -> out.add(new Pair(r, raw)));
      }
    }
    return out;
  }

  void printTable(PrintWriter out) {
    int w = results.stream().mapToInt(r -> r.workload().length()).max().orElse(8);
    String fmt = "%-" + w + "s  %-9s %9s %11s %9s %9s  %s%n";
    String last = null;
    for (Pair p : pairs()) {
      if (!p.layer().uri().equals(last)) {
        last = p.layer().uri();
        out.println();
        out.println(last);
        out.printf(Locale.ROOT, fmt, "WORKLOAD", "SIDE", "OPS", "OPS/S", "P50 µs", "P99 µs",
            "RATIO");
      }
      row(out, fmt, p.layer(), String.format(Locale.ROOT, "%.2f×", p.ratio()));
      row(out, fmt, p.raw(), "");
    }
  }

  private static void row(PrintWriter out, String fmt, BenchResult r, String ratio) {
    out.printf(Locale.ROOT, fmt, r.workload(), r.side(), String.format(Locale.ROOT, "%,d", r.ops()),
        String.format(Locale.ROOT, "%,.0f", r.opsPerSecond()),
        String.format(Locale.ROOT, "%,.1f", r.p50Micros()),
        String.format(Locale.ROOT, "%,.1f", r.p99Micros()), ratio);
  }

  void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(
        "uri,workload,side,ops,seconds,ops_per_s,p50_us,p99_us,ratio_to_raw\n");
    for (Pair p : pairs()) {
      for (BenchResult r : List.of(p.layer(), p.raw())) {
        sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.3f,%.1f,%.1f,%.1f,%s%n",
            csv(r.uri()), csv(r.workload()), r.side(), r.ops(), r.seconds(), r.opsPerSecond(),
            r.p50Micros(), r.p99Micros(),
            r == p.layer() ? String.format(Locale.ROOT, "%.3f", p.ratio()) : "1.000"));
      }
    }
    Files.writeString(file, sb.toString());
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /**
   * A horizontal bar chart of the ratio chatstore ÷ raw per workload and store, with a line at
   * 1×, and each bar labelled with both throughputs.
   */
  void writeSvg(Path file) throws IOException {
    List<Pair> pairs = pairs();
    int rowH = 26;
    int left = 330;
    int barW = 420;
    double max = Math.max(1.5, pairs.stream().mapToDouble(Pair::ratio).max().orElse(1));
    int height = 70 + rowH * pairs.size() + 30;
    int width = left + barW + 260;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
        width, height));
    s.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">chatstore bench:"
        + " throughput of chatstore ÷ raw backend (same run)</text>\n");
    String last = null;
    int y = 50;
    for (Pair p : pairs) {
      if (!p.layer().uri().equals(last)) {
        last = p.layer().uri();
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s"
            + "</text>%n", y + 4, xml(last)));
        y += 20;
      }
      double w = barW * Math.min(p.ratio(), max) / max;
      String color = p.ratio() >= 0.8 ? "#3b7dd8" : "#d8833b";
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
          left - 8, y + 15, xml(p.layer().workload())));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\""
          + " fill=\"%s\"/>%n", left, y + 2, w, color));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×  (%,.0f vs %,.0f ops/s,"
          + " p99 %,.0f vs %,.0f µs)</text>%n", left + w + 6, y + 15, p.ratio(),
          p.layer().opsPerSecond(), p.raw().opsPerSecond(), p.layer().p99Micros(),
          p.raw().p99Micros()));
      y += rowH;
    }
    double one = left + barW / max;
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"%d\""
        + " stroke=\"black\" stroke-dasharray=\"4 3\"/>%n", one, one, y));
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1× ="
        + " as fast as raw</text>%n", one, y + 16));
    s.append("</svg>\n");
    Files.writeString(file, s.toString());
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
