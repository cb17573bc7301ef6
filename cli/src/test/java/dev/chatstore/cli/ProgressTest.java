package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a user sees of a long command's progress, on a terminal and in a log. */
class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void lines_printOnePlainLinePerInterval_andAFinalLine_withRateAndEta() {
    StringWriter sink = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress p = Progress.start(new PrintWriter(sink), "copy", 1000, Progress.Style.LINES,
        2 * SECOND, now::get);
    now.set(SECOND);
    p.advance(100); // 1 s in: not yet due
    assertThat(sink.toString()).isEmpty();
    now.set(2 * SECOND);
    p.advance(100); // 200 done in 2 s: 100/s, 800 left: 8 s
    now.set(3 * SECOND);
    p.advance(100);
    now.set(4 * SECOND);
    p.advance(200);
    p.finish();
    String[] lines = sink.toString().split("\\R");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("copy  20%  200/1,000  100/s  ETA 0:08");
    assertThat(lines[1]).isEqualTo("copy  50%  500/1,000  125/s  ETA 0:04");
    assertThat(lines[2]).isEqualTo(lines[1]).doesNotContain("\r");
  }

  @Test
  void bar_isRedrawnInPlace_andEndsWithANewLine() {
    StringWriter sink = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress p = Progress.start(new PrintWriter(sink), "copy", 100, Progress.Style.BAR,
        2 * SECOND, now::get);
    now.set(SECOND);
    p.advance(50);
    now.set(2 * SECOND);
    p.advance(50);
    p.finish();
    String out = sink.toString();
    assertThat(out).startsWith("\rcopy [############............]  50%  50/100  50/s  ETA 0:01")
        .contains("\rcopy [########################] 100%  100/100  50/s  0:02")
        .endsWith(System.lineSeparator());
  }

  @Test
  void unknownTotal_showsCountAndRate_only() {
    StringWriter sink = new StringWriter();
    AtomicLong now = new AtomicLong();
    Progress p = Progress.start(new PrintWriter(sink), "scan", -1, Progress.Style.LINES,
        SECOND, now::get);
    now.set(2 * SECOND);
    p.advance(4000);
    assertThat(sink.toString().strip()).isEqualTo("scan 4,000  2,000/s  0:02");
  }

  @Test
  void off_printsNothing() {
    StringWriter sink = new StringWriter();
    AtomicLong now = new AtomicLong();
    try (Progress p = Progress.start(new PrintWriter(sink), "x", 10, Progress.Style.OFF, 1,
        now::get)) {
      now.set(SECOND);
      p.advance(10);
    }
    assertThat(sink.toString()).isEmpty();
  }

  @Test
  void auto_inATestRun_isPlainLines() {
    // surefire's forked JVM has no terminal
    Progress p = Progress.start(new PrintWriter(new StringWriter()), "x", 1, Progress.Style.AUTO);
    assertThat(p.style()).isEqualTo(Progress.Style.LINES);
  }

  @Test
  void clockText_hasHoursOnlyWhenNeeded() {
    assertThat(Progress.clockText(65)).isEqualTo("1:05");
    assertThat(Progress.clockText(3725)).isEqualTo("1:02:05");
  }
}
