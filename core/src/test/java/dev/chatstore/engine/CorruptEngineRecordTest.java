package dev.chatstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.kv.StoreException;
import dev.chatstore.kv.StoreOptions;
import dev.chatstore.memory.MemoryKvStore;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A damaged engine record read through {@link KvEngine} and {@link Messages} is a
 * {@link StoreException} naming the key: never {@code null}, an empty text or a text with
 * replacement characters.
 */
class CorruptEngineRecordTest {
  private static final String KEY = "session/creds";
  private final MemoryKvStore store = new MemoryKvStore(StoreOptions.defaults());
  private final KvEngine engine = KvEngine.on(store);

  @AfterEach
  void close() {
    store.close();
  }

  private byte[] stored(String key) {
    return store.get(KvLayout.docKey(key));
  }

  private void restore(String key, byte[] raw) {
    store.put(KvLayout.docKey(key), raw);
  }

  private void assertDamaged(String key, String why) {
    assertThatThrownBy(() -> engine.get(key)).as(why)
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.SERIALIZATION))
        .hasMessageContaining("\"" + key + "\"");
  }

  @Test
  void damagedDocuments_areErrorsNamingTheKey() {
    engine.set(KEY, "{\"noiseKey\":\"\u00e9t\u00e9 \u20ac\"}");
    byte[] good = stored(KEY);

    byte[] kind = good.clone();
    kind[0] = 9;
    restore(KEY, kind);
    assertDamaged(KEY, "an unknown record kind");

    restore(KEY, Arrays.copyOf(good, 5));
    assertDamaged(KEY, "a record cut inside its header");

    restore(KEY, new byte[0]);
    assertDamaged(KEY, "an empty record");

    byte[] cutInChar = Arrays.copyOf(good, good.length - 4); // inside the 3 bytes of the euro sign
    restore(KEY, cutInChar);
    assertDamaged(KEY, "a text cut inside a character");

    byte[] flipped = good.clone();
    flipped[good.length - 5] ^= (byte) 0x40; // a continuation byte of the euro sign
    restore(KEY, flipped);
    assertDamaged(KEY, "a flipped bit making the text invalid UTF-8");

    restore(KEY, good);
    assertThat(engine.get(KEY)).contains("\u20ac");
  }

  @Test
  void replacementCharacterWrittenByTheUser_isNotDamage() {
    engine.set(KEY, "a\uFFFDb");
    assertThat(engine.get(KEY)).isEqualTo("a\uFFFDb");
  }

  @Test
  void damagedMessageIndexHeader_isAnErrorNamingTheKey() {
    String index = EngineKeys.chatMessages("120363@g.us");
    Messages messages = Messages.on(engine);
    messages.append("120363@g.us", 1_700_000_000_000L, "AC07");
    byte[] header = stored(index);
    restore(index, Arrays.copyOf(header, header.length - 1));
    assertDamaged(index, "a message index header one byte short");

    restore(index, header);
    String doc = EngineKeys.messageIndex("120363@g.us", "AC07");
    engine.set(doc, "{}");
    byte[] bad = stored(doc);
    bad[bad.length - 1] = (byte) 0xFF;
    restore(doc, bad);
    assertThatThrownBy(() -> messages.load("120363@g.us", 0, 10))
        .isInstanceOf(StoreException.class).hasMessageContaining(doc);
  }

  @Test
  void verifier_reportsTheDamagedDocument() {
    engine.set(KEY, "x");
    byte[] kind = stored(KEY);
    kind[0] = 9;
    restore(KEY, kind);
    List<String> problems = engine.verifyIndex();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(KEY));
  }
}
