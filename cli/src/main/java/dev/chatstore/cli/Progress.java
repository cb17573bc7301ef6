package dev.chatstore.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long command, written to the error stream so that the output stays clean.
 *
 * <p>On a terminal ({@link Style#BAR}) one line is redrawn in place, at most ten times a second:
 * {@code label [#########...........]  45%  12,345/27,000  3,210/s  ETA 0:05}. Elsewhere
 * ({@link Style#LINES}, output piped or redirected) a plain line is printed every
 * {@code interval} and once at the end, so that logs stay readable. {@link Style#OFF} prints
 * nothing. When the total is not known (negative), the bar becomes a count and a rate, without a
 * percentage or ETA. Not thread-safe: one thread reports.
 */
final class Progress implements AutoCloseable {
  /** How progress is shown. */
  enum Style {
    /** A bar redrawn in place (for a terminal). */
    BAR,
    /** Plain periodic lines (for logs and pipes). */
    LINES,
    /** Nothing. */
    OFF,
    /** {@link #BAR} when the console is a terminal, else {@link #LINES}. */
    AUTO
  }

  private static final long BAR_REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final String label;
  private final Style style;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long startNanos;
  private long total;
  private long done;
  private long lastShownNanos;
  private boolean finished;

  private Progress(PrintWriter err, String label, long total, Style style, long intervalNanos,
      LongSupplier clock) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.style = style == Style.AUTO ? (isTerminal() ? Style.BAR : Style.LINES) : style;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
    this.lastShownNanos = startNanos;
  }

  /**
   * Starts reporting {@code label}, of {@code total} units (negative: unknown), in
   * {@code style}, with plain lines every 2 seconds.
   */
  static Progress start(PrintWriter err, String label, long total, Style style) {
    return new Progress(err, label, total, style, 2_000_000_000L, System::nanoTime);
  }

  /** As {@link #start}, with a given clock (nanoseconds) and line interval, for tests. */
  static Progress start(PrintWriter err, String label, long total, Style style,
      long intervalNanos, LongSupplier clock) {
    return new Progress(err, label, total, style, intervalNanos, clock);
  }

  /**
   * Whether standard output is an interactive terminal: {@link System#console()} is not null
   * and, on Java 22 or newer (where a console exists also when redirected), says it is a
   * terminal.
   */
  static boolean isTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // Java 21: a console exists only on a terminal
    }
  }

  /** The effective style ({@link Style#AUTO} resolved). */
  Style style() {
    return style;
  }

  /** Units done so far. */
  long done() {
    return done;
  }

  /** Sets the total once it is known (negative: unknown). */
  void total(long newTotal) {
    this.total = newTotal;
  }

  /** Records {@code n} more units done, redrawing when due. */
  void advance(long n) {
    done += n;
    long now = clock.getAsLong();
    long every = style == Style.BAR ? BAR_REDRAW_NANOS : intervalNanos;
    if (style != Style.OFF && now - lastShownNanos >= every) {
      lastShownNanos = now;
      show(now, false);
    }
  }

  /** Prints the final state (a last line; on a terminal the bar ends with a new line). */
  void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (style != Style.OFF) {
      show(clock.getAsLong(), true);
    }
  }

  @Override
  public void close() {
    finish();
  }

  private void show(long now, boolean last) {
    String line = render(now);
    if (style == Style.BAR) {
      err.print("\r" + line + "\u001b[K" + (last ? System.lineSeparator() : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** The text of one report at {@code now}. */
  String render(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = done / seconds;
    StringBuilder sb = new StringBuilder(label).append(' ');
    if (total > 0) {
      double fraction = Math.min(1.0, (double) done / total);
      if (style == Style.BAR) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
            .append("] ");
      }
      sb.append(String.format(Locale.ROOT, "%3d%%  %,d/%,d", (int) (fraction * 100), done, total));
    } else {
      sb.append(String.format(Locale.ROOT, "%,d", done));
    }
    sb.append(String.format(Locale.ROOT, "  %,.0f/s", rate));
    if (total > 0 && done < total && rate > 0) {
      sb.append("  ETA ").append(clockText((long) Math.ceil((total - done) / rate)));
    } else {
      sb.append("  ").append(clockText((long) seconds));
    }
    return sb.toString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clockText(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
