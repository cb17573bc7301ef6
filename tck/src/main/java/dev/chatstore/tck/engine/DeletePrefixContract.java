package dev.chatstore.tck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatstore.engine.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code deletePrefix}: every key starting with a plain string prefix, and how many. */
public interface DeletePrefixContract extends EngineContract {

  @Test
  default void deletePrefix_returnsHowManyKeysItRemoved() {
    Engine e = engine();
    for (int i = 0; i < 12; i++) {
      e.set("session/pre-key/" + i, "k");
    }
    e.set("session/creds", "c");
    assertEquals(12, e.deletePrefix("session/pre-key/"),
        "deletePrefix should return the number of keys it removed");
    assertEquals(List.of("session/creds"), e.list("session/"), "only session/creds should remain");
    assertEquals(0, e.deletePrefix("session/pre-key/"), "deleting nothing should return 0");
  }

  @Test
  default void deletePrefix_isAPlainStringPrefix() {
    Engine e = engine();
    for (String k : List.of("chat/1x", "chat/1/index", "chat/12/index", "chat/2/index", "chat10")) {
      e.set(k, "v");
    }
    assertEquals(3, e.deletePrefix("chat/1"),
        "deletePrefix(chat/1) should remove chat/1x, chat/1/index and chat/12/index");
    assertEquals("v", e.get("chat/2/index"), "deletePrefix(chat/1) should keep chat/2/index");
    assertEquals("v", e.get("chat10"), "deletePrefix(chat/1) should keep chat10");
  }

  @Test
  default void deletePrefix_empty_removesEverythingOfThisEngine() {
    Engine e = engine();
    e.set("a", "1");
    e.set("b/c", "2");
    e.set("d/e/f", "");
    assertEquals(3, e.deletePrefix(""), "deletePrefix(\"\") should remove every key");
    assertEquals(List.of(), e.list(""), "nothing should remain");
    assertNull(e.get("d/e/f"), "nothing should remain");
  }
}
