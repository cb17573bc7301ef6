package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored forms of messages and chat metas: known bytes, and read by the fast path only where
 * the mapper would read the same (malformed UTF-8, other CBOR forms, random damage).
 */
class CborRecordsTest {
  private static final ObjectMapper MAPPER = CBORMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Integers at the edges of every CBOR head size, both signs. */
  private static final long[] EDGE_LONGS = {0, 1, 23, 24, 255, 256, 65535, 65536,
      0xFFFF_FFFFL, 0x1_0000_0000L, Integer.MAX_VALUE, 0x8000_0000L, Long.MAX_VALUE, -1, -24,
      -25, -256, -257, -65536, -65537, -0x1_0000_0000L, -0x1_0000_0001L, Integer.MIN_VALUE,
      Integer.MIN_VALUE - 1L, Long.MIN_VALUE, Long.MIN_VALUE + 1};
  /** Lengths at the edges of every head size and of Jackson's output buffer. */
  private static final int[] EDGE_LENGTHS = {0, 1, 23, 24, 25, 255, 256, 257, 7999, 8000, 8001,
      15999, 16000, 16001, 65535, 65536, 70000};
  /** Characters of each UTF-8 length, a surrogate pair, and a lone surrogate. */
  private static final String[] PIECES = {"a", "~", "\u007f", "\u0000", "é", "\u07ff", "€",
      "\uffff", "\uFEFF", "🎉", "\uDBFF\uDFFF", "\uD800"};

  @Test
  void randomRecordsAtEveryEdge_readBackExactly_byTheFastPathAndTheMapper() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    try {
      for (int n = 0; n < 1_000; n++) {
        byte[] chat = bytes(r);
        byte[] id = bytes(r);
        byte[] sender = bytes(r);
        byte[] payload = bytes(r);
        long hlc = someLong(r);
        long seq = someLong(r);
        String text = text(r);
        byte[] message = CborRecords.message(1, chat, id, sender, hlc, seq, text, payload);
        if (CborRecords.utf8(text) == null) { // a lone surrogate: left to the mapper
          assertThat(message).isNull();
          assertThat(CborRecords.meta(1, hlc, seq, id, sender, text)).isNull();
          continue;
        }
        CborRecords.Fields f = CborRecords.read(message, "vcishqtp");
        assertThat(f).as("the fast path reads every record it wrote").isNotNull();
        assertThat(List.of(f.v, f.h, f.q, f.t)).isEqualTo(List.of(1L, hlc, seq, text));
        assertThat(List.of(f.c, f.i, f.s, f.p)).containsExactly(chat, id, sender, payload);
        ChatCodec.MsgV1 m = MAPPER.readValue(message, ChatCodec.MsgV1.class);
        assertThat(List.of(m.hlc(), m.seq(), m.text())).isEqualTo(List.of(hlc, seq, text));
        assertThat(List.of(m.chat(), m.id(), m.sender(), m.payload()))
            .containsExactly(chat, id, sender, payload);
        byte[] meta = CborRecords.meta(1, hlc, seq, id, sender, text);
        CborRecords.Fields g = CborRecords.read(meta, "vhqist");
        assertThat(g).as("the fast path reads every meta it wrote").isNotNull();
        assertThat(List.of(g.v, g.h, g.q, g.t)).isEqualTo(List.of(1L, hlc, seq, text));
        assertThat(List.of(g.i, g.s)).containsExactly(id, sender);
      }
    } catch (AssertionError | Exception e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  @Test
  void writer_givesTheKnownBytes() {
    byte[] chat = {1, 2};
    byte[] id = {3};
    byte[] sender = {};
    assertThat(HexFormat.of().formatHex(CborRecords.message(1, chat, id, sender, 24, -25, "é",
        new byte[] {9}))).isEqualTo("a8" + "617601" + "6163420102" + "61694103" + "617340"
        + "61681818" + "61713818" + "617462c3a9" + "61704109");
    assertThat(HexFormat.of().formatHex(CborRecords.meta(1, 0x1_0000_0000L, Long.MIN_VALUE, id,
        sender, ""))).isEqualTo("a6" + "617601" + "61681b0000000100000000"
        + "61713b7fffffffffffffff" + "61694103" + "617340" + "617460");
  }

  /** Text bytes that are not strict UTF-8, each with what is wrong. */
  private static final String[][] MALFORMED = {
      {"c3", "a truncated two-byte sequence"},
      {"e282", "a truncated three-byte sequence"},
      {"f09f98", "a truncated four-byte sequence"},
      {"c341", "a bad continuation byte"},
      {"80", "a stray continuation byte"},
      {"ff", "a byte that is never UTF-8"},
      {"c0ae", "an overlong two-byte form"},
      {"e080af", "an overlong three-byte form"},
      {"f08080af", "an overlong four-byte form"},
      {"eda080", "an encoded lone surrogate"},
      {"eda080edb080", "a surrogate pair encoded as two sequences"},
      {"f4908080", "a code point beyond U+10FFFF"},
      {"f888808080", "a five-byte sequence"}};

  @Test
  void textThatIsNotStrictUtf8_isLeftToTheMapper_inEveryPosition() {
    byte[] zeros32 = new byte[32];
    byte[] zeros20 = new byte[20];
    for (String[] bad : MALFORMED) {
      byte[] text = HexFormat.of().parseHex(bad[0]);
      for (String ascii : new String[] {"", "ab", "x".repeat(30)}) {
        byte[] before = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[before.length + text.length];
        System.arraycopy(before, 0, bytes, 0, before.length);
        System.arraycopy(text, 0, bytes, before.length, text.length);
        String marker = "Q".repeat(bytes.length);
        // the text is the last field of a meta, and followed by the payload in a message
        byte[] meta = replace(CborRecords.meta(1, 7, 2, zeros32, zeros20, marker), marker, bytes);
        byte[] message = replace(CborRecords.message(1, zeros32, zeros32, zeros20, 7, 2, marker,
            new byte[] {5}), marker, bytes);
        assertThat(CborRecords.read(meta, "vhqist")).as("meta with %s", bad[1]).isNull();
        assertThat(CborRecords.read(message, "vcishqtp")).as("message with %s", bad[1])
            .isNull();
      }
    }
  }

  @Test
  void textOfIndefiniteLengthOrWithALongerHead_readsAsTheMapperReadsIt() {
    byte[] definite = CborRecords.meta(1, 7, 2, new byte[32], new byte[20], "hi");
    assertThat(CborRecords.read(definite, "vhqist")).isNotNull();
    byte[] chunked = withTail(definite, 3, "7f626869ff");
    byte[] longerHead = withTail(definite, 3, "78026869");
    assertThat(CborRecords.read(chunked, "vhqist")).as("chunked text: left to the mapper")
        .isNull();
    CborRecords.Fields f = CborRecords.read(longerHead, "vhqist");
    assertThat(f == null || "hi".equals(f.t)).as("a longer head: read as the mapper reads it")
        .isTrue();
    for (byte[] raw : new byte[][] {chunked, longerHead}) {
      assertThat(ChatCodec.meta(raw, "test").lastPreview()).isEqualTo("hi");
    }
  }

  @Test
  void otherFormsTheOldReaderRefused_areStillLeftToTheMapper() {
    byte[] base = CborRecords.meta(1, 7, 2, new byte[1], new byte[1], "hi");
    // a6 6176 01 6168 07 6171 02 6169 4100 6173 4100 6174 626869
    String[] refused = {
        "a6617601616807617102616941006173410061746268690a", // a trailing byte
        "a66176c101616807617102616941006173410061746268 69".replace(" ", ""), // a tag
        "a66176f93c00616807617102616941006173410061746268 69".replace(" ", ""), // a float
        "a6617601616807617102616941006173410061786268 69".replace(" ", ""), // an unknown key
        "a66176016168076171026169810061734100617462 6869".replace(" ", ""), // an array
        "a661760161681b8000000000000000617102616941006173410061746268 69".replace(" ", ""),
        "a661760161683b8000000000000000617102616941006173410061746268 69".replace(" ", ""),
        "a6617601616807617102616941006173f6617462 6869".replace(" ", ""), // a null id
    };
    assertThat(HexFormat.of().formatHex(base))
        .isEqualTo("a66176016168076171026169410061734100617462 6869".replace(" ", ""));
    for (String hex : refused) {
      assertThat(CborRecords.read(HexFormat.of().parseHex(hex), "vhqist")).as(hex).isNull();
    }
  }

  @Test
  void whatTheFastPathAccepts_theMapperReadsAlike_underRandomDamage() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int accepted = 0;
    try {
      for (int n = 0; n < 10_000; n++) {
        byte[] id = new byte[1 + r.nextInt(3)];
        r.nextBytes(id);
        String text = r.nextBoolean() ? "hé🎉" : "hello";
        boolean isMessage = r.nextBoolean();
        byte[] raw;
        if (r.nextBoolean()) {
          raw = isMessage ? CborRecords.message(1, id, id, id, someLong(r), someLong(r), text, id)
              : CborRecords.meta(1, someLong(r), someLong(r), id, id, text);
        } else {
          raw = MAPPER.writeValueAsBytes(isMessage
              ? new ChatCodec.MsgV1(1, id, id, id, someLong(r), someLong(r), text, id)
              : new ChatCodec.MetaV1(1, someLong(r), someLong(r), id, id, text));
        }
        raw = damage(r, raw);
        CborRecords.Fields f = CborRecords.read(raw, isMessage ? "vcishqtp" : "vhqist");
        boolean usable = f != null && f.v != null && f.v == (int) (long) f.v && f.h != null
            && f.q != null && f.i != null && f.s != null
            && (!isMessage || f.c != null && f.t != null);
        if (!usable) {
          continue; // ChatCodec asks the mapper
        }
        accepted++;
        String what = "accepted " + hex(raw);
        if (isMessage) {
          ChatCodec.MsgV1 m = MAPPER.readValue(raw, ChatCodec.MsgV1.class);
          assertThat(new ChatCodec.MsgV1((int) (long) f.v, f.c, f.i, f.s, f.h, f.q, f.t, f.p))
              .as(what).usingRecursiveComparison().isEqualTo(m);
        } else {
          ChatCodec.MetaV1 m = MAPPER.readValue(raw, ChatCodec.MetaV1.class);
          assertThat(new ChatCodec.MetaV1((int) (long) f.v, f.h, f.q, f.i, f.s, f.t))
              .as(what).usingRecursiveComparison().isEqualTo(m);
        }
        if (f.t != null) {
          assertThat(CborRecords.utf8(f.t)).as(what).isNotNull();
        }
      }
      assertThat(accepted).as("damaged records the fast path still read").isGreaterThan(50);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  /** One random change: a byte flipped, changed or inserted, or the end cut off. */
  private static byte[] damage(Random r, byte[] raw) {
    int at = r.nextInt(raw.length);
    switch (r.nextInt(4)) {
      case 0 -> raw[at] ^= (byte) (1 << r.nextInt(8));
      case 1 -> raw[at] = (byte) r.nextInt(256);
      case 2 -> {
        byte[] longer = new byte[raw.length + 1];
        System.arraycopy(raw, 0, longer, 0, at);
        longer[at] = (byte) r.nextInt(256);
        System.arraycopy(raw, at, longer, at + 1, raw.length - at);
        raw = longer;
      }
      default -> raw = Arrays.copyOf(raw, at);
    }
    return raw;
  }

  private static long edgeLong(Random r) {
    return EDGE_LONGS[r.nextInt(EDGE_LONGS.length)];
  }

  private static long someLong(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> edgeLong(r);
      case 1 -> r.nextLong() >> r.nextInt(64);
      default -> r.nextInt(100_000);
    };
  }

  private static int someLength(Random r) {
    return r.nextInt(50) == 0 ? EDGE_LENGTHS[r.nextInt(EDGE_LENGTHS.length)]
        : r.nextInt(4) == 0 ? EDGE_LENGTHS[r.nextInt(7)] : r.nextInt(40);
  }

  private static byte[] bytes(Random r) {
    byte[] b = new byte[someLength(r)];
    r.nextBytes(b);
    return b;
  }

  private static String text(Random r) {
    int length = someLength(r);
    StringBuilder sb = new StringBuilder(length);
    int kinds = r.nextInt(100) == 0 ? PIECES.length : r.nextBoolean() ? 1 : PIECES.length - 1;
    while (sb.length() < length) {
      sb.append(PIECES[r.nextInt(kinds)]);
    }
    return sb.toString();
  }

  /** Fails naming the first byte that differs, with the bytes around it. */
  private static String hex(byte[] b, int from) {
    return HexFormat.of().formatHex(b, Math.min(from, b.length), Math.min(from + 24, b.length));
  }

  private static String hex(byte[] b) {
    return b == null ? "null" : HexFormat.of().formatHex(b);
  }

  /** {@code record} with the bytes of {@code marker} replaced by {@code bytes} (as long). */
  private static byte[] replace(byte[] record, String marker, byte[] bytes) {
    byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + m.length <= record.length; i++) {
      if (Arrays.equals(record, i, i + m.length, m, 0, m.length)) {
        byte[] out = record.clone();
        System.arraycopy(bytes, 0, out, i, bytes.length);
        return out;
      }
    }
    throw new AssertionError("no marker");
  }

  /** {@code raw} with its last {@code cut} bytes replaced by {@code hex}. */
  private static byte[] withTail(byte[] raw, int cut, String hex) {
    return (HexFormat.of().formatHex(raw, 0, raw.length - cut) + hex).transform(
        HexFormat.of()::parseHex);
  }
}
