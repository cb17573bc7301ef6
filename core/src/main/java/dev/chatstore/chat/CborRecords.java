package dev.chatstore.chat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A direct CBOR writer and reader for the two records written with every message (a message and
 * a chat's meta): the same CBOR maps as the databind forms of {@link ChatCodec} — a definite
 * map of one-letter text keys to unsigned or negative integers, byte strings, text strings and
 * null — without reflection or intermediate objects.
 *
 * <p>The reader is a fast path only: it returns null for anything it does not expect (an
 * indefinite-length string, a tag, a float, an unknown key, a missing field, trailing bytes),
 * and the caller then decodes with the databind mapper, whose behaviour (and error messages)
 * therefore stay those of every stored record. Maps of indefinite length, as the mapper writes
 * them, are read here.
 */
final class CborRecords {
  private static final int MAJOR_UNSIGNED = 0;
  private static final int MAJOR_NEGATIVE = 1;
  private static final int MAJOR_BYTES = 2;
  private static final int MAJOR_TEXT = 3;
  private static final int MAJOR_MAP = 5;
  private static final int NULL = 0xF6;
  private static final int BREAK = 0xFF;
  private static final int INDEFINITE_MAP = 0xBF;

  private CborRecords() {}

  // ---- writing ----

  /** A growable output buffer. */
  private static final class Out {
    byte[] buf;
    int len;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    void head(int major, long value) {
      ensure(9);
      int m = major << 5;
      if (value >= 0 && value < 24) {
        buf[len++] = (byte) (m | (int) value);
      } else if (value >= 0 && value <= 0xFF) {
        buf[len++] = (byte) (m | 24);
        buf[len++] = (byte) value;
      } else if (value >= 0 && value <= 0xFFFF) {
        buf[len++] = (byte) (m | 25);
        buf[len++] = (byte) (value >>> 8);
        buf[len++] = (byte) value;
      } else if (value >= 0 && value <= 0xFFFF_FFFFL) {
        buf[len++] = (byte) (m | 26);
        for (int shift = 24; shift >= 0; shift -= 8) {
          buf[len++] = (byte) (value >>> shift);
        }
      } else {
        buf[len++] = (byte) (m | 27);
        for (int shift = 56; shift >= 0; shift -= 8) {
          buf[len++] = (byte) (value >>> shift);
        }
      }
    }

    void key(char k) {
      ensure(2);
      buf[len++] = (byte) ((MAJOR_TEXT << 5) | 1);
      buf[len++] = (byte) k;
    }

    void number(long v) {
      if (v >= 0) {
        head(MAJOR_UNSIGNED, v);
      } else {
        head(MAJOR_NEGATIVE, -1 - v); // -1 - v >= 0 for every negative v
      }
    }

    void bytes(byte[] b) {
      head(MAJOR_BYTES, b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    void text(byte[] utf8) {
      head(MAJOR_TEXT, utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, len, utf8.length);
      len += utf8.length;
    }

    byte[] done() {
      return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
  }

  /**
   * The UTF-8 bytes of {@code s}, or null when it holds a lone surrogate (which has no UTF-8
   * form; the databind mapper refuses it, and the caller leaves the decision to it).
   */
  static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return null;
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A message record (keys v c i s h q t p), or null when the text has no UTF-8 form. */
  static byte[] message(int version, byte[] chat, byte[] id, byte[] sender, long hlc, long seq,
      String text, byte[] payload) {
    byte[] t = utf8(text);
    if (t == null) {
      return null;
    }
    Out o = new Out(140 + t.length + payload.length);
    o.head(MAJOR_MAP, 8);
    o.key('v');
    o.number(version);
    o.key('c');
    o.bytes(chat);
    o.key('i');
    o.bytes(id);
    o.key('s');
    o.bytes(sender);
    o.key('h');
    o.number(hlc);
    o.key('q');
    o.number(seq);
    o.key('t');
    o.text(t);
    o.key('p');
    o.bytes(payload);
    return o.done();
  }

  /** A meta record (keys v h q i s t), or null when the preview has no UTF-8 form. */
  static byte[] meta(int version, long lastHlc, long lastSeq, byte[] lastMsgId, byte[] lastSender,
      String lastPreview) {
    byte[] t = utf8(lastPreview);
    if (t == null) {
      return null;
    }
    Out o = new Out(110 + t.length);
    o.head(MAJOR_MAP, 6);
    o.key('v');
    o.number(version);
    o.key('h');
    o.number(lastHlc);
    o.key('q');
    o.number(lastSeq);
    o.key('i');
    o.bytes(lastMsgId);
    o.key('s');
    o.bytes(lastSender);
    o.key('t');
    o.text(t);
    return o.done();
  }

  // ---- reading ----

  /** The fields of a record as read; absent ones stay null. */
  static final class Fields {
    Long v;
    Long h;
    Long q;
    byte[] c;
    byte[] i;
    byte[] s;
    byte[] p;
    String t;
    boolean pNull;
    boolean tNull;
  }

  /** Signals a form the fast path leaves to the mapper. */
  private static final class NotSimple extends Exception {
    private static final NotSimple INSTANCE = new NotSimple();

    private NotSimple() {
      super(null, null, false, false);
    }
  }

  /**
   * The fields of the map in {@code raw} whose keys are among {@code allowed}, or null when it is
   * not a simple map of such keys (the caller then uses the mapper).
   */
  static Fields read(byte[] raw, String allowed) {
    try {
      return new Reader(raw).map(allowed);
    } catch (NotSimple e) {
      return null;
    }
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    private int next() throws NotSimple {
      if (pos >= b.length) {
        throw NotSimple.INSTANCE;
      }
      return b[pos++] & 0xFF;
    }

    /** The argument of an initial byte of additional info {@code info} (< 28). */
    private long argument(int info) throws NotSimple {
      if (info < 24) {
        return info;
      }
      int n = switch (info) {
        case 24 -> 1;
        case 25 -> 2;
        case 26 -> 4;
        case 27 -> 8;
        default -> throw NotSimple.INSTANCE; // indefinite length or reserved
      };
      long v = 0;
      for (int k = 0; k < n; k++) {
        v = (v << 8) | next();
      }
      return v;
    }

    private byte[] bytesOf(long n) throws NotSimple {
      if (n < 0 || n > b.length - pos) {
        throw NotSimple.INSTANCE;
      }
      byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    /** Strict UTF-8: malformed text is left to the mapper. */
    private String text(int from, int n) throws NotSimple {
      for (int k = from; k < from + n; k++) {
        if (b[k] < 0) {
          try {
            return StandardCharsets.UTF_8.newDecoder()
                .decode(java.nio.ByteBuffer.wrap(b, from, n)).toString();
          } catch (java.nio.charset.CharacterCodingException e) {
            throw NotSimple.INSTANCE;
          }
        }
      }
      return new String(b, from, n, StandardCharsets.ISO_8859_1); // ASCII
    }

    Fields map(String allowed) throws NotSimple {
      int initial = next();
      long entries;
      if (initial == INDEFINITE_MAP) {
        entries = -1;
      } else if (initial >>> 5 == MAJOR_MAP) {
        entries = argument(initial & 0x1F);
      } else {
        throw NotSimple.INSTANCE;
      }
      Fields f = new Fields();
      for (long e = 0; entries < 0 || e < entries; e++) {
        int k = next();
        if (entries < 0 && k == BREAK) {
          break;
        }
        if (k != ((MAJOR_TEXT << 5) | 1)) {
          throw NotSimple.INSTANCE;
        }
        char key = (char) next();
        if (allowed.indexOf(key) < 0) {
          throw NotSimple.INSTANCE;
        }
        value(f, key);
      }
      if (pos != b.length) {
        throw NotSimple.INSTANCE;
      }
      return f;
    }

    private void value(Fields f, char key) throws NotSimple {
      int initial = next();
      int major = initial >>> 5;
      int info = initial & 0x1F;
      if (initial == NULL) {
        switch (key) {
          case 'p' -> f.pNull = true;
          case 't' -> f.tNull = true;
          default -> throw NotSimple.INSTANCE;
        }
        return;
      }
      switch (key) {
        case 'v', 'h', 'q' -> {
          long a = argument(info);
          long v;
          if (major == MAJOR_UNSIGNED && a >= 0) {
            v = a;
          } else if (major == MAJOR_NEGATIVE && a >= 0) {
            v = -1 - a;
          } else {
            throw NotSimple.INSTANCE; // not an integer, or beyond a long
          }
          switch (key) {
            case 'v' -> f.v = v;
            case 'h' -> f.h = v;
            default -> f.q = v;
          }
        }
        case 'c', 'i', 's', 'p' -> {
          if (major != MAJOR_BYTES) {
            throw NotSimple.INSTANCE;
          }
          byte[] v = bytesOf(argument(info));
          switch (key) {
            case 'c' -> f.c = v;
            case 'i' -> f.i = v;
            case 's' -> f.s = v;
            default -> f.p = v;
          }
        }
        case 't' -> {
          if (major != MAJOR_TEXT) {
            throw NotSimple.INSTANCE;
          }
          long n = argument(info);
          if (n < 0 || n > b.length - pos) {
            throw NotSimple.INSTANCE;
          }
          f.t = text(pos, (int) n);
          pos += (int) n;
        }
        default -> throw NotSimple.INSTANCE;
      }
    }
  }
}
