package dev.chatstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import dev.chatstore.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine keys against hostile strings (control characters, unpaired surrogates, {@code .} and
 * {@code ..}, separators, keys at and far over the length limit): {@link EngineKeys#checkKey}
 * agrees with an independent statement of the rules, and {@link KvEngine} stores exactly the keys
 * the rules allow and refuses the others without writing anything. (The timeout only guards
 * against a hang.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EngineKeysFuzzTest {
  private static final String[] PIECES = {"a", "b", "chat", "/", "/", ".", "..", " ", "\0",
      "\u001f", "\u007f", "\u0085", "\u009f", "\u00a0", "\uD800", "\uDC00", "\uD83D\uDE00",
      "\u20ac", "%", "_", "*", "\\", "\uFFFF", "\u2028", "@", "_at_", "\n", "\t"};

  /** The key rules, stated independently of {@link EngineKeys}. */
  static boolean modelValid(String k) {
    if (k.isEmpty() || !StandardCharsets.UTF_8.newEncoder().canEncode(k)) {
      return false;
    }
    if (k.getBytes(StandardCharsets.UTF_8).length > EngineKeys.MAX_KEY_BYTES) {
      return false;
    }
    for (String seg : k.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return k.chars().noneMatch(c -> Character.isISOControl((char) c));
  }

  static String randomKey(Random r) {
    StringBuilder sb = new StringBuilder();
    switch (r.nextInt(10)) {
      case 0 -> sb.append("a".repeat(EngineKeys.MAX_KEY_BYTES - 2 + r.nextInt(5)));
      case 1 -> sb.append("\u20ac".repeat(EngineKeys.MAX_KEY_BYTES / 3 - 1 + r.nextInt(3)));
      case 2 -> sb.append("x/".repeat(r.nextInt(400)));
      default -> { }
    }
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(4) == 0 ? String.valueOf((char) r.nextInt(0x10000))
          : PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  @Test
  void checkKey_agreesWithTheRules_andNamesTheKeyInBoundedText() {
    Fuzz.run("engine key rules fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(200_000); i++) {
        String k = randomKey(r);
        boolean valid = modelValid(k);
        assertThat(EngineKeys.isValidKey(k)).as("isValidKey(%s)", EngineKeys.quote(k))
            .isEqualTo(valid);
        try {
          EngineKeys.checkKey(k);
          assertThat(valid).as("checkKey accepted %s", EngineKeys.quote(k)).isTrue();
        } catch (IllegalArgumentException e) {
          assertThat(valid).as("checkKey refused %s: %s", EngineKeys.quote(k), e.getMessage())
              .isFalse();
          assertThat(e.getMessage()).startsWith("invalid engine key \"").hasSizeLessThan(600);
        }
      }
    });
  }

  @Test
  void theOnePassCheckOfPlainKeys_neverAcceptsWhatTheFullCheckRefuses_andDocKeysPackAsTuples() {
    Fuzz.run("plain key fast path fuzz", r -> {
      for (int i = 0; i < Fuzz.iterations(200_000); i++) {
        String k = r.nextBoolean() ? randomKey(r) : randomPlainKey(r);
        if (EngineKeys.plainValidKey(k)) {
          assertThat(EngineKeys.fullKeyProblem(k)).as("full check of %s", EngineKeys.quote(k))
              .isNull();
        }
        if (EngineKeys.fullKeyProblem(k) == null) {
          assertThat(KvLayout.docKey(k)).as("docKey(%s)", EngineKeys.quote(k))
              .isEqualTo(KvLayout.NODES.pack(k));
        }
      }
    });
  }

  /** A key of printable ASCII, separators and dots, valid or not. */
  static String randomPlainKey(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(r.nextInt(20) == 0 ? EngineKeys.MAX_KEY_BYTES + 10 : 12);
    for (int i = 0; i < n; i++) {
      sb.append(switch (r.nextInt(4)) {
        case 0 -> '/';
        case 1 -> '.';
        default -> (char) (0x1e + r.nextInt(0x62)); // 0x1e..0x7f: the ASCII edges included
      });
    }
    return sb.toString();
  }

  @Test
  void hugeKeys_areRefusedNamingTheLimit() {
    String huge = "chat/" + "a".repeat(10_000_000);
    for (Supplier<Boolean> check : java.util.List.<Supplier<Boolean>>of(
        () -> EngineKeys.isValidKey(huge), () -> EngineKeys.isValidKey(huge + "\0"))) {
      assertThat(check.get()).isFalse();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EngineKeys.checkKey(huge))
        .hasMessageContaining("more than the limit of " + EngineKeys.MAX_KEY_BYTES)
        .hasMessageContaining("(10000005 chars)");
  }

  @Test
  void kvEngine_storesExactlyTheValidKeys_andRefusesTheOthersWithoutWriting() {
    try (ChatStore store = ChatStore.on(new MemoryKvStore(StoreOptions.defaults()))) {
      KvEngine engine = KvEngine.of(store, "fuzz");
      Fuzz.run("KvEngine key fuzz", r -> {
        for (int i = 0; i < Fuzz.iterations(3_000); i++) {
          String k = randomKey(r);
          long before = store.tenant("fuzz").area(Area.ENGINE).count(KeyRange.all());
          if (modelValid(k)) {
            engine.set(k, "v" + i);
            assertThat(engine.get(k)).as("get(%s)", EngineKeys.quote(k)).isEqualTo("v" + i);
            assertThat(engine.list(k, 0, 1)).as("list(%s)", EngineKeys.quote(k)).containsExactly(k);
            engine.set(k, null);
            assertThat(engine.get(k)).isNull();
          } else {
            for (Runnable call : new Runnable[] {() -> engine.get(k), () -> engine.set(k, "x"),
                () -> engine.set(k, null), () -> engine.setTtl(k, "x", Duration.ofMinutes(1)),
                () -> engine.setBatch(java.util.List.of(java.util.Map.entry(k, "x")))}) {
              try {
                call.run();
                throw new AssertionError("accepted invalid key " + EngineKeys.quote(k));
              } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains("invalid engine key");
              }
            }
            assertThat(store.tenant("fuzz").area(Area.ENGINE).count(KeyRange.all()))
                .as("entries after refusing %s", EngineKeys.quote(k)).isEqualTo(before);
          }
          engine.list(randomKey(r), 0, 5); // any prefix: a list, never an error
          engine.deletePrefix(randomKey(r) + "\0"); // matches nothing, removes nothing
        }
      });
      assertThat(store.tenant("fuzz").area(Area.ENGINE).count(KeyRange.all())).isLessThan(3);
    }
  }
}
