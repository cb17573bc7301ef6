package dev.chatstore.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads WhatsApp's chat export: a {@code .txt} file, or a {@code .zip} holding {@code _chat.txt}
 * (iOS) or one {@code .txt} (Android) at its root; other entries (media, {@code __MACOSX/},
 * a nested export) are attachments and not read.
 *
 * <h2>Lines</h2>
 * Lines end with LF, CRLF or a mix; a BOM at the start is dropped. A line that starts with a
 * message header starts a message; any other line (an empty one included) continues the
 * previous message, joined with {@code \n}. Lines before the first header must be empty; a line
 * that cannot be read is a {@link WhatsAppParseException} naming its number, and nothing is
 * returned.
 *
 * <h2>Headers</h2>
 * <pre>
 * [20.06.19, 15:58:47] Loris: text            iOS: bracketed, optional seconds
 * 20/06/2019, 15:58 - Loris: text             Android: " - " after the time
 * 01/30/2019, 08:49 p. m. - Jahn Doe: text    12-hour clocks: AM/PM, am/pm, a.m., a. m.
 * 1/30/19, 8:49\u202FPM - Jahn Doe: text       (U+202F or a space before the marker)
 * 2019/01/30, 20:49 - Jahn Doe: text          year first
 * </pre>
 * Dates use {@code /}, {@code .} or {@code -}; a two-digit year is 20YY. The direction marks
 * U+200E and U+200F that the apps put before a line, a system text or an attachment are removed.
 *
 * <h2>Day first or month first</h2>
 * Decided by the data, over the whole file: a first field above 12 makes every date day-first,
 * a second field above 12 month-first, a four-digit first field year-first (that line only).
 * When both day-first and month-first evidence appear, the file is refused naming a line of
 * each. When no date can tell (every field at most 12), the order the caller gives is used, and
 * day-first when it gives none (the order of most locales); {@link WhatsAppChat#dateOrderFromData}
 * says which happened. A caller may also force an order; a date it cannot read then is an error
 * naming the line.
 *
 * <h2>Authors, system lines and attachments</h2>
 * The author is the text before the first {@code ": "} (or before a {@code :} followed by
 * something that is neither a digit, a {@code /} nor a space, as in {@code John Doe:.}, unless a
 * quote comes before it); a header without one is a system line (group created, member added,
 * encryption notice). Attachments: {@code <attached: NAME>} (iOS), {@code NAME (file attached)}
 * (Android), and, for media left out of the export, {@code <Media omitted>} and
 * {@code image omitted} (also video, audio, sticker, GIF, document, Contact card).
 *
 * <p>Inputs are bounded: at most {@value #MAX_CHAT_BYTES} bytes of chat text (also inside a
 * zip) and lines of at most {@value #MAX_LINE_CHARS} characters. Stateless and thread-safe.
 */
public final class WhatsAppExportParser {
  /** Most bytes of chat text read (256 MiB). */
  public static final long MAX_CHAT_BYTES = 256L * 1024 * 1024;
  /** Longest line, in chars. */
  public static final int MAX_LINE_CHARS = 1 << 20;

  /** How a date's first two fields are read. */
  public enum DateOrder {
    /** 20/06/2019: day, month, year. */
    DAY_FIRST,
    /** 06/20/2019: month, day, year. */
    MONTH_FIRST,
    /** 2019/06/20: year, month, day. */
    YEAR_FIRST
  }

  private static final Pattern HEADER = Pattern.compile(
      "^\\[?(\\d{1,4})[./-](\\d{1,2})[./-](\\d{2,4})(?:,| klo)? ?[ \\u00A0]?"
          + "(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?"
          + "(?:[ \\u202F\\u00A0]?([AaPp])\\.?[ \\u202F\\u00A0]?[Mm]\\.?)?"
          + "(?:\\] | - | \\u2013 |: )(.*)$");
  private static final Pattern ATTACHED = Pattern.compile("^<attached: (.+)>$");
  private static final Pattern FILE_ATTACHED = Pattern.compile("^(.+) \\(file attached\\)$");
  private static final Pattern OMITTED = Pattern.compile(
      "^(?:<Media omitted>|(?:image|video|audio|sticker|GIF|document|Contact card) omitted)$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CHAT_WITH = Pattern.compile("^WhatsApp Chat (?:with|-) (.+)$");

  private WhatsAppExportParser() {}

  /**
   * Parses the export {@code file} (a zip when it starts with the zip signature, else text).
   *
   * @param name the chat's name, or null to take it from the file name
   * @param order the date order to force, or null to decide by the data
   * @throws WhatsAppParseException when a line cannot be read (naming it) or the zip holds no chat
   * @throws UncheckedIOException when the file cannot be read
   */
  public static WhatsAppChat parse(Path file, String name, DateOrder order) {
    String chatName = name != null ? name : nameOf(file);
    try {
      if (isZip(file)) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
          ZipEntry entry = chatEntry(zip);
          try (InputStream in = zip.getInputStream(entry)) {
            return parse(reader(in), chatName, order);
          }
        }
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(reader(in), chatName, order);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chat export " + file, e);
    }
  }

  /** Parses chat text (see {@link #parse(Path, String, DateOrder)}). */
  public static WhatsAppChat parse(String text, String name, DateOrder order) {
    return parse(new StringReader(text), name, order);
  }

  /** Parses chat text from {@code in}, which the caller closes. */
  public static WhatsAppChat parse(Reader in, String name, DateOrder order) {
    List<Raw> raws = new ArrayList<>();
    LineReader lines = new LineReader(in);
    Raw current = null;
    for (String line; (line = lines.next()) != null; ) {
      int no = lines.number();
      String l = no == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
      Matcher m = HEADER.matcher(stripMarks(l));
      if (m.matches()) {
        current = new Raw(no, m);
        raws.add(current);
      } else if (current != null) {
        current.text.append('\n').append(line);
      } else if (!l.isBlank()) {
        throw new WhatsAppParseException(no, "expected a message header such as"
            + " '[20.06.19, 15:58:47] Name: text' or '20/06/2019, 15:58 - Name: text', got '"
            + shorten(l) + "'");
      }
    }
    Decision d = decide(raws, order);
    List<WhatsAppMessage> out = new ArrayList<>(raws.size());
    for (Raw r : raws) {
      out.add(r.message(d.order));
    }
    return new WhatsAppChat(name == null ? "chat" : name, out, d.order, d.fromData);
  }

  private record Decision(DateOrder order, boolean fromData) {}

  private static Decision decide(List<Raw> raws, DateOrder forced) {
    int dayFirstLine = 0;
    int monthFirstLine = 0;
    boolean yearFirst = false;
    for (Raw r : raws) {
      if (r.a.length() == 4) {
        yearFirst = true;
      } else if (Integer.parseInt(r.a) > 12 && dayFirstLine == 0) {
        dayFirstLine = r.line;
      } else if (Integer.parseInt(r.b) > 12 && monthFirstLine == 0) {
        monthFirstLine = r.line;
      }
    }
    if (forced != null) {
      return new Decision(forced, false);
    }
    if (dayFirstLine > 0 && monthFirstLine > 0) {
      throw new WhatsAppParseException(monthFirstLine, "the dates are neither all day-first"
          + " (line " + dayFirstLine + " has a day above 12 first) nor all month-first (this"
          + " line has a day above 12 second); expected one order in the whole file");
    }
    if (dayFirstLine > 0) {
      return new Decision(DateOrder.DAY_FIRST, true);
    }
    if (monthFirstLine > 0) {
      return new Decision(DateOrder.MONTH_FIRST, true);
    }
    if (yearFirst && raws.stream().allMatch(r -> r.a.length() == 4)) {
      return new Decision(DateOrder.YEAR_FIRST, true);
    }
    return new Decision(DateOrder.DAY_FIRST, false);
  }

  /** A header as matched, before the date order is known. */
  private static final class Raw {
    final int line;
    final String a;
    final String b;
    final String c;
    final int hour;
    final int minute;
    final int second;
    final Character marker;
    final StringBuilder text;

    Raw(int line, Matcher m) {
      this.line = line;
      this.a = m.group(1);
      this.b = m.group(2);
      this.c = m.group(3);
      this.hour = Integer.parseInt(m.group(4));
      this.minute = Integer.parseInt(m.group(5));
      this.second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      this.marker = m.group(7) == null ? null : Character.toLowerCase(m.group(7).charAt(0));
      this.text = new StringBuilder(m.group(8));
    }

    WhatsAppMessage message(DateOrder order) {
      int year;
      int month;
      int day;
      if (a.length() == 4 || order == DateOrder.YEAR_FIRST) {
        year = Integer.parseInt(a);
        month = Integer.parseInt(b);
        day = Integer.parseInt(c);
      } else {
        year = Integer.parseInt(c);
        month = Integer.parseInt(order == DateOrder.DAY_FIRST ? b : a);
        day = Integer.parseInt(order == DateOrder.DAY_FIRST ? a : b);
      }
      String yearField = a.length() == 4 || order == DateOrder.YEAR_FIRST ? a : c;
      if (yearField.length() <= 2) {
        year += 2000;
      }
      int h = hour;
      if (marker != null) {
        if (h > 12) {
          throw new WhatsAppParseException(line, "hour " + h + " with an AM/PM marker;"
              + " expected 0..12");
        }
        h = h % 12 + (marker == 'p' ? 12 : 0);
      }
      LocalDateTime time;
      try {
        time = LocalDateTime.of(year, month, day, h, minute, second);
      } catch (DateTimeException e) {
        throw new WhatsAppParseException(line, "cannot read the date and time ("
            + e.getMessage() + ") as " + order.name().toLowerCase(Locale.ROOT).replace('_', '-')
            + " dates");
      }
      return split(line, time, text.toString());
    }
  }

  private static WhatsAppMessage split(int line, LocalDateTime time, String body) {
    String author = null;
    String text = body;
    int colon = body.indexOf(':');
    if (colon > 0) {
      char next = colon + 1 < body.length() ? body.charAt(colon + 1) : ' ';
      int at = colon;
      if (next != ' ' && (Character.isDigit(next) || next == '/')) {
        at = body.indexOf(": "); // a time or a URL first: the author ends at ": " if anywhere
      }
      if (at > 0) {
        String candidate = body.substring(0, at);
        boolean quoted = candidate.indexOf('"') >= 0 || candidate.indexOf('\u201C') >= 0;
        if (!quoted && !stripMarks(candidate).isBlank()) {
          author = stripMarks(candidate).strip();
          text = body.substring(at + 1);
          if (text.startsWith(" ")) {
            text = text.substring(1);
          }
        }
      }
    }
    text = stripMarks(text);
    return new WhatsAppMessage(line, time, author, text, attachment(text));
  }

  private static WhatsAppMessage.Attachment attachment(String text) {
    int nl = text.indexOf('\n');
    String first = stripMarks(nl < 0 ? text : text.substring(0, nl)).strip();
    Matcher m = ATTACHED.matcher(first);
    if (m.matches()) {
      return new WhatsAppMessage.Attachment(m.group(1));
    }
    m = FILE_ATTACHED.matcher(first);
    if (m.matches()) {
      return new WhatsAppMessage.Attachment(stripMarks(m.group(1)));
    }
    return OMITTED.matcher(first).matches() ? new WhatsAppMessage.Attachment(null) : null;
  }

  /** Removes the U+200E / U+200F direction marks at the start of {@code s}. */
  private static String stripMarks(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == '\u200E' || s.charAt(i) == '\u200F')) {
      i++;
    }
    return s.substring(i);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  private static ZipEntry chatEntry(ZipFile zip) {
    ZipEntry fallback = null;
    int texts = 0;
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      ZipEntry z = e.nextElement();
      String n = z.getName();
      if (z.isDirectory() || n.contains("/") || n.startsWith("._")) {
        continue;
      }
      if (n.equals("_chat.txt")) {
        return z;
      }
      if (n.toLowerCase(Locale.ROOT).endsWith(".txt")) {
        fallback = z;
        texts++;
      }
    }
    if (texts == 1) {
      return fallback;
    }
    throw new WhatsAppParseException(0, "the zip " + zip.getName() + " holds "
        + (texts == 0 ? "no" : texts + ", not one,") + " chat text at its root; expected"
        + " _chat.txt or one .txt file");
  }

  private static String nameOf(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    String base = dot > 0 ? n.substring(0, dot) : n;
    Matcher m = CHAT_WITH.matcher(base);
    return m.matches() ? m.group(1) : base;
  }

  private static Reader reader(InputStream in) {
    InputStream bounded = new InputStream() {
      private long read;

      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0 && ++read > MAX_CHAT_BYTES) {
          throw tooLarge();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n > 0 && (read += n) > MAX_CHAT_BYTES) {
          throw tooLarge();
        }
        return n;
      }
    };
    return new InputStreamReader(bounded, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  private static WhatsAppParseException tooLarge() {
    return new WhatsAppParseException(0, "the chat text exceeds " + MAX_CHAT_BYTES
        + " bytes; expected a chat export");
  }

  /** Splits on LF, dropping one CR before it; counts lines from 1. */
  private static final class LineReader {
    private final Reader in;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private int number;
    private boolean eof;

    LineReader(Reader in) {
      this.in = in;
    }

    int number() {
      return number;
    }

    String next() {
      StringBuilder sb = new StringBuilder();
      boolean any = false;
      while (true) {
        if (pos == len) {
          if (eof || !fill()) {
            eof = true;
            break;
          }
        }
        char c = buf[pos++];
        any = true;
        if (c == '\n') {
          break;
        }
        if (sb.length() == MAX_LINE_CHARS) {
          throw new WhatsAppParseException(number + 1, "line longer than " + MAX_LINE_CHARS
              + " chars; expected a chat export");
        }
        sb.append(c);
      }
      if (!any) {
        return null;
      }
      number++;
      int n = sb.length();
      if (n > 0 && sb.charAt(n - 1) == '\r') {
        sb.setLength(n - 1);
      }
      return sb.toString();
    }

    private boolean fill() {
      try {
        len = Math.max(0, in.read(buf));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the chat export at line " + (number + 1), e);
      }
      pos = 0;
      return len > 0;
    }
  }
}
