package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.tuple.Tuple;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The KEY syntax of the command line: what users type, and what inspect prints back. */
class KeyTextTest {

  private static byte[] key(String tenant, Area area, Object... parts) {
    return Tuple.of(Keyspace.TENANTS_TAG, tenant, area.tag()).addAll(Tuple.of(parts)).pack();
  }

  @Test
  void parse_bareParts_areIntegersWhenTheyLookLikeOne_elseStrings() {
    assertThat(KeyText.parse("alice:phone/signal/pre-key/1"))
        .isEqualTo(key("alice:phone", Area.SIGNAL, "pre-key", 1L));
    assertThat(KeyText.parse("alice:phone/CHAT/msg/120363@g.us/1763600000000/3EB00"))
        .isEqualTo(key("alice:phone", Area.CHAT, "msg", "120363@g.us", 1763600000000L, "3EB00"));
    assertThat(KeyText.parse("t/app-state/version")).isEqualTo(key("t", Area.APP_STATE, "version"));
    assertThat(KeyText.parse("t/7")).isEqualTo(key("t", Area.CHAT));
  }

  @Test
  void parse_typedParts_andEscapes() {
    UUID u = UUID.fromString("00000000-0000-0000-0000-00000000002a");
    assertThat(KeyText.parse("a%2Fb/app/s:42/i:-5/x:00ff/u:" + u + "/b:true/n:/100%25"))
        .isEqualTo(key("a/b", Area.APP, "42", -5L, new byte[] {0, (byte) 0xFF}, u, true, null,
            "100%"));
    assertThat(KeyText.parse("0x0102ff")).isEqualTo(new byte[] {1, 2, (byte) 0xFF});
  }

  @Test
  void format_thenParse_givesTheSameBytes_forRandomKeys() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    String alphabet = "ab/%:0x1- é𝄞\u0000s";
    for (int n = 0; n < 2000; n++) {
      Object[] parts = new Object[r.nextInt(4)];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = switch (r.nextInt(6)) {
          case 0 -> r.nextLong();
          case 1 -> randomString(r, alphabet);
          case 2 -> new byte[] {(byte) r.nextInt(), (byte) r.nextInt()};
          case 3 -> r.nextBoolean();
          case 4 -> null;
          default -> new UUID(r.nextLong(), r.nextLong());
        };
      }
      String tenant = "t" + randomString(r, alphabet);
      byte[] k = key(tenant, Area.values()[r.nextInt(Area.values().length)], parts);
      String text = KeyText.format(k);
      assertThat(KeyText.parse(text)).as("seed %d: %s", seed, text).isEqualTo(k);
    }
  }

  private static String randomString(Random r, String alphabet) {
    StringBuilder sb = new StringBuilder();
    int[] cps = alphabet.codePoints().toArray();
    for (int i = r.nextInt(6); i > 0; i--) {
      sb.appendCodePoint(cps[r.nextInt(cps.length)]);
    }
    return sb.toString();
  }

  @Test
  void format_keysOutsideTenantData_areHex() {
    assertThat(KeyText.format(Tuple.of(0, "schema").pack())).startsWith("0x");
    assertThat(KeyText.format(new byte[] {(byte) 0xFE})).isEqualTo("0xfe");
    assertThat(KeyText.format(key("0xab", Area.APP, "k"))).isEqualTo("%30xab/app/k");
    assertThat(KeyText.parse("%30xab/app/k")).isEqualTo(key("0xab", Area.APP, "k"));
  }

  @Test
  void parse_badInput_namesTheValueAndWhatWasExpected() {
    for (List<String> c : List.of(
        List.of("", "must not be empty"),
        List.of("alice", "has no area"),
        List.of("alice/nosuch/x", "unknown area 'nosuch'"),
        List.of("alice/chat/i:x", "'i:x'"),
        List.of("alice/chat/x:abc", "hex digits"),
        List.of("alice/chat/a%2", "expected %XX"),
        List.of("0xzz", "hex digits"))) {
      assertThatThrownBy(() -> KeyText.parse(c.get(0))).as(c.get(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.get(1));
    }
  }
}
