package dev.chatstore.tuple;

import static dev.chatstore.tuple.TupleTestSupport.bytes;
import static dev.chatstore.tuple.TupleTestSupport.hex;
import static dev.chatstore.tuple.TupleTestSupport.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Subspaces: prefixing, ranges, containment, nesting and tenant isolation. */
class SubspaceTest {
  private final Subspace tenant = Subspace.of("tenant", 7);

  @Test
  void packPrependsThePrefixAndUnpackInvertsIt() {
    byte[] key = tenant.pack(Tuple.of("msg", 3));
    assertThat(key).isEqualTo(Bytes.concat(Tuple.of("tenant", 7).pack(),
        Tuple.of("msg", 3).pack()));
    assertThat(tenant.pack("msg", 3)).isEqualTo(key);
    assertThat(tenant.unpack(key)).isEqualTo(Tuple.of("msg", 3));
    assertThat(tenant.prefix()).isEqualTo(Tuple.of("tenant", 7).pack());
    assertThat(new Subspace(Tuple.of("tenant", 7))).isEqualTo(tenant);
  }

  @Test
  void packLongGivesTheSameBytesAsPackingTheOneIntegerTuple() {
    long seed = TupleTestSupport.seed();
    Random random = new Random(seed);
    List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 255L, 256L, -255L, -256L, -257L,
        (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MIN_VALUE + 1));
    for (int i = 0; i < 10_000; i++) {
      // every magnitude from 0 to 8 bytes, both signs
      values.add(random.nextLong() >> random.nextInt(64));
    }
    for (Subspace space : List.of(tenant, Subspace.of())) {
      for (long n : values) {
        byte[] key = space.packLong(n);
        assertThat(key).as("%d in %s %s", n, space, replay(seed))
            .isEqualTo(space.pack(Tuple.of(n)));
        assertThat(space.unpack(key)).isEqualTo(Tuple.of(n));
        assertThat(space.unpackLong(key)).as("unpackLong of %d %s", n, replay(seed)).isEqualTo(n);
      }
    }
  }

  @Test
  void unpackLongRefusesEveryKeyThatIsNotOneIntegerOfTheSubspace() {
    Subspace other = Subspace.of("other");
    for (byte[] key : List.of(tenant.pack(Tuple.of("7")), tenant.pack(Tuple.of(7L, 8L)),
        tenant.pack(Tuple.of()), tenant.pack(Tuple.of(true)), other.packLong(7))) {
      assertThatThrownBy(() -> tenant.unpackLong(key)).as(Bytes.show(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Bytes.show(key));
    }
    byte[] nonMinimal = tenant.packLong(7);
    nonMinimal = Arrays.copyOf(nonMinimal, nonMinimal.length + 1);
    nonMinimal[nonMinimal.length - 3] = 0x16; // two bytes, the first a zero: not canonical
    nonMinimal[nonMinimal.length - 2] = 0;
    nonMinimal[nonMinimal.length - 1] = 7;
    byte[] bad = nonMinimal;
    assertThatThrownBy(() -> tenant.unpackLong(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-minimal");
  }

  @Test
  void packBytesAndPackStringGiveTheSameBytesAsTheTuplePacking() {
    long seed = TupleTestSupport.seed();
    Random random = new Random(seed);
    String[] strings = {"", "chat/a@g.us/index", "\u0000", "a\u0000b", "\u007f", "\u0080", "é/ü",
        "\ud83d\ude00", "x".repeat(300)};
    for (Subspace space : List.of(tenant, Subspace.of())) {
      for (String s : strings) {
        assertThat(space.packString(s)).as("%s in %s", s, space)
            .isEqualTo(space.pack(Tuple.of(s)));
      }
      for (int i = 0; i < 2_000; i++) {
        byte[][] parts = new byte[random.nextInt(4)][];
        for (int j = 0; j < parts.length; j++) {
          parts[j] = new byte[random.nextInt(40)];
          random.nextBytes(parts[j]);
          for (int k = 0; k < parts[j].length; k++) {
            if (random.nextInt(4) == 0) {
              parts[j][k] = 0; // the byte the packing escapes
            }
          }
        }
        byte[] key = space.packBytes(parts);
        assertThat(key).as("%s %s", space, replay(seed)).isEqualTo(space.pack((Object[]) parts));
        long n = switch (random.nextInt(4)) {
          case 0 -> random.nextLong();
          case 1 -> random.nextInt(1 << 20);
          case 2 -> -random.nextInt(1 << 20);
          default -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
        };
        Object[] withN = Arrays.copyOf((Object[]) parts, parts.length + 1, Object[].class);
        withN[parts.length] = n;
        assertThat(space.packBytesLong(parts, n)).as("%s %d %s", space, n, replay(seed))
            .isEqualTo(space.pack(withN));
        assertThat(space.unpack(key).size()).isEqualTo(parts.length);
        StringBuilder ascii = new StringBuilder();
        for (int k = random.nextInt(60); k > 0; k--) {
          ascii.append((char) random.nextInt(0x80)); // NUL included: the general path
        }
        assertThat(space.packString(ascii.toString())).as("%s %s", space, replay(seed))
            .isEqualTo(space.pack(Tuple.of(ascii.toString())));
      }
    }
    assertThatThrownBy(() -> tenant.packString(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tenant.packString("\ud83d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tenant.packBytes(new byte[] {1}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part 1");
  }

  @Test
  void thePrefixItselfUnpacksToTheEmptyTuple() {
    assertThat(tenant.unpack(tenant.prefix())).isEqualTo(Tuple.empty());
    assertThat(tenant.pack(Tuple.empty())).isEqualTo(tenant.prefix());
  }

  @Test
  void rangeHoldsThePrefixItselfAndEveryExtensionButNoSibling() {
    KeyRange range = tenant.range();
    assertThat(hex(range.start())).isEqualTo(hex(tenant.prefix()));
    assertThat(hex(range.end())).isEqualTo(hex(tenant.prefix()) + "ff");
    assertThat(range.contains(tenant.prefix())).isTrue();
    for (Object v : TupleTestSupport.edgeValues()) {
      byte[] key = tenant.pack(v);
      assertThat(range.contains(key)).as("%s", Tuple.of(v)).isTrue();
      assertThat(range.contains(tenant.pack(v, "more"))).isTrue();
    }
    for (Subspace sibling : List.of(Subspace.of("tenant", 6), Subspace.of("tenant", 8),
        Subspace.of("tenant"), Subspace.of("tenant", 7L * 256), Subspace.of("tenant", "7"),
        Subspace.of("tenant0"), Subspace.of("tenan"))) {
      assertThat(range.contains(sibling.prefix())).as("%s", sibling).isFalse();
      assertThat(range.contains(sibling.pack("msg", 1))).as("%s", sibling).isFalse();
    }
  }

  @Test
  void rangeOfATupleHoldsItsExtensionsInsideTheSubspaceOnly() {
    KeyRange range = tenant.range(Tuple.of("msg"));
    assertThat(range.contains(tenant.pack("msg"))).isFalse();
    assertThat(range.contains(tenant.pack("msg", null))).isTrue();
    assertThat(range.contains(tenant.pack("msg", Long.MAX_VALUE, "x"))).isTrue();
    assertThat(range.contains(tenant.pack("msg", new UUID(-1, -1)))).isTrue();
    assertThat(range.contains(tenant.pack("msh"))).isFalse();
    assertThat(range.contains(tenant.pack("msg\0"))).isFalse();
    assertThat(range.contains(Tuple.of("msg", 1).pack())).isFalse();
    assertThat(range).isEqualTo(KeyRange.of(Bytes.concat(tenant.pack("msg"), bytes(0)),
        Bytes.concat(tenant.pack("msg"), bytes(0xFF))));
  }

  @Test
  void unpackOfAKeyOutsideTheSubspaceNamesTheKeyAndThePrefixInHex() {
    byte[] outside = Subspace.of("tenant", 8).pack("msg");
    assertThatThrownBy(() -> tenant.unpack(outside))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Bytes.show(outside))
        .hasMessageContaining(Bytes.show(tenant.prefix()));
    assertThatThrownBy(() -> tenant.unpack(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void unpackOfAMalformedRestNamesTheOffsetInTheKey() {
    byte[] key = Bytes.concat(tenant.prefix(), bytes(0x15));
    assertThatThrownBy(() -> tenant.unpack(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset " + tenant.prefix().length + ":")
        .hasMessageContaining("truncated integer");
  }

  @Test
  void containsMeansStartsWithThePrefixNotFollowedByFF() {
    assertThat(tenant.contains(tenant.prefix())).isTrue();
    assertThat(tenant.contains(tenant.pack("x"))).isTrue();
    assertThat(tenant.contains(Bytes.concat(tenant.prefix(), bytes(0xFE)))).isTrue();
    assertThat(tenant.contains(Bytes.concat(tenant.prefix(), bytes(0xFF)))).isFalse();
    assertThat(tenant.contains(Arrays.copyOf(tenant.prefix(), tenant.prefix().length - 1)))
        .isFalse();
    assertThat(tenant.contains(Subspace.of("tenant", 8).prefix())).isFalse();
    assertThat(Subspace.of().contains(new byte[0])).isTrue();
    assertThat(Subspace.of().contains(bytes(0x02))).isTrue();
    assertThat(Subspace.of().range()).isEqualTo(KeyRange.of(bytes(), bytes(0xFF)));
  }

  @Test
  void containsAgreesWithRange() {
    long seed = TupleTestSupport.seed();
    Random random = new Random(seed);
    byte[] prefix = tenant.prefix();
    for (int i = 0; i < 20_000; i++) {
      int cut = random.nextInt(prefix.length + 1);
      byte[] key = Arrays.copyOf(prefix, cut + random.nextInt(4));
      for (int j = cut; j < key.length; j++) {
        key[j] = random.nextInt(3) == 0 ? (byte) 0xFF : (byte) random.nextInt(256);
      }
      assertThat(tenant.contains(key)).as("%s %s", hex(key), replay(seed))
          .isEqualTo(tenant.range().contains(key));
    }
  }

  @Test
  void nestedSubspacesExtendTheParentPrefix() {
    Subspace messages = tenant.subspace("msg");
    assertThat(messages.prefix()).isEqualTo(tenant.pack("msg"));
    assertThat(messages).isEqualTo(tenant.subspace(Tuple.of("msg")));
    assertThat(messages).isEqualTo(Subspace.of("tenant", 7, "msg"));
    byte[] key = messages.pack(42, "body");
    assertThat(messages.unpack(key)).isEqualTo(Tuple.of(42, "body"));
    assertThat(tenant.unpack(key)).isEqualTo(Tuple.of("msg", 42, "body"));
    assertThat(tenant.contains(key)).isTrue();
    assertThat(tenant.range().contains(messages.range().start())).isTrue();
    assertThat(Bytes.compare(messages.range().end(), tenant.range().end())).isNegative();
    assertThat(tenant.subspace("msgs").contains(key)).isFalse();
  }

  @Test
  void fromBytesUsesARawPrefixAndCopiesIt() {
    byte[] raw = bytes(0xAA, 0xBB);
    Subspace s = Subspace.fromBytes(raw);
    raw[0] = 0;
    assertThat(hex(s.prefix())).isEqualTo("aabb");
    assertThat(hex(s.pack("x"))).isEqualTo("aabb027800");
    assertThat(s.unpack(s.pack("x", 1))).isEqualTo(Tuple.of("x", 1));
    s.prefix()[0] = 0;
    assertThat(hex(s.prefix())).isEqualTo("aabb");
    assertThat(s).isEqualTo(Subspace.fromBytes(bytes(0xAA, 0xBB)));
    assertThat(s.toString()).contains("0xaabb").contains("raw");
  }

  @Test
  void equalsHashCodeAndToStringFollowThePrefix() {
    assertThat(Subspace.of("t", 1)).isEqualTo(Subspace.fromBytes(Tuple.of("t", 1).pack()))
        .hasSameHashCodeAs(Subspace.fromBytes(Tuple.of("t", 1).pack()));
    assertThat(Subspace.of("t", 1)).isNotEqualTo(Subspace.of("t", 2));
    assertThat(Subspace.of("t", 1).toString()).isEqualTo("Subspace((\"t\", 1) = 0x02740015"
        + "01)");
  }

  /** Ids chosen to break naive prefixing: empty, NUL, NUL+0xFF, prefixes of each other. */
  private static List<Object> adversarialIds() {
    List<Object> ids = new ArrayList<>(List.of("", "\0", "\0\0", "\0\u00FF", "\u00FF", "a",
        "a\0", "a\0\0", "a\0\u00FF", "a\0b", "ab", "abc", "\uFFFF", "\uD834\uDD1E", "b"));
    ids.addAll(List.of(bytes(), bytes(0), bytes(0, 0), bytes(0, 0xFF), bytes(0xFF),
        bytes(0xFF, 0xFF), bytes(0, 0xFF, 0), bytes('a'), bytes('a', 0), bytes('a', 0, 0xFF),
        bytes('a', 'b')));
    ids.addAll(List.of(0L, 1L, -1L, 256L, Long.MIN_VALUE, false, true, new UUID(0, 0),
        Tuple.empty(), Tuple.of("a"), Tuple.of("a", "b")));
    return ids;
  }

  @Test
  void adversarialTenantIdsNeverReachEachOthersKeys() {
    TupleTestSupport.onShallowStack(SubspaceTest::checkAdversarialIds);
  }

  private static void checkAdversarialIds() {
    List<Object> ids = adversarialIds();
    for (Object x : ids) {
      for (Object y : ids) {
        if (Tuple.of(x).equals(Tuple.of(y))) {
          continue;
        }
        for (Subspace[] pair : new Subspace[][] {
            {Subspace.of(x), Subspace.of(y)},
            {Subspace.of("tenant", x), Subspace.of("tenant", y)},
            {Subspace.of(x, "rooms"), Subspace.of(y, "rooms")}}) {
          assertIsolated(pair[0], pair[1], x);
        }
      }
    }
  }

  private static void assertIsolated(Subspace mine, Subspace theirs, Object myId) {
    KeyRange range = mine.range();
    if (!range.intersect(theirs.range()).isEmpty()) {
      fail(mine + " and " + theirs + " overlap");
    }
    for (byte[] key : List.of(theirs.prefix(), theirs.pack("k"), theirs.pack(myId),
        theirs.pack(bytes(0xFF)), theirs.pack((Object) null), theirs.pack(Tuple.of(myId)))) {
      if (mine.contains(key) || range.contains(key)) {
        fail(mine + " holds key " + hex(key) + " of " + theirs);
      }
      Tuple unpacked;
      try {
        unpacked = mine.unpack(key);
      } catch (IllegalArgumentException expected) {
        continue; // the key is not in this subspace
      }
      fail(mine + " unpacks key " + hex(key) + " of " + theirs + " to " + unpacked);
    }
  }

  @Test
  void aPackingIsABytePrefixOfAnotherOnlyWhenFollowedByTheFFEscape() {
    assertThat(Bytes.startsWith(Tuple.of("ab").pack(), Tuple.of("a").pack())).isFalse();
    assertThat(Bytes.startsWith(Tuple.of(bytes('a', 'b')).pack(), Tuple.of(bytes('a')).pack()))
        .isFalse();
    List<Object> ids = adversarialIds();
    for (Object x : ids) {
      byte[] px = Tuple.of(x).pack();
      for (Object y : ids) {
        byte[] py = Tuple.of(y).pack();
        if (py.length > px.length && Bytes.startsWith(py, px)) {
          assertThat(py[px.length]).as("%s is a prefix of %s", Tuple.of(x), Tuple.of(y))
              .isEqualTo((byte) 0xFF);
        }
      }
    }
  }
}
