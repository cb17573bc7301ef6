package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code list}: the keys starting with a plain string prefix, newest modification first, in a
 * documented deterministic order within one instant, paged by offset and limit. Tests move the
 * clock by a millisecond between writes whose order they check.
 */
public interface ListContract extends EngineContract {

  /** Sets each key in order, moving the clock 1 ms before each. */
  private void setInOrder(Engine e, List<String> keys) {
    for (String k : keys) {
      clock().advanceMillis(1);
      e.set(k, "v:" + k);
    }
  }

  @Test
  default void list_returnsKeysWithThePrefix_newestModificationFirst() {
    Engine e = engine();
    setInOrder(e, List.of("chat/a/index", "session/creds", "chat/b/index", "chat/a/meta",
        "contact/x/index"));
    assertEquals(List.of("chat/a/meta", "chat/b/index", "chat/a/index"), e.list("chat/"),
        "list(chat/) should return the chat keys, newest modification first");
    assertEquals(List.of("contact/x/index", "chat/a/meta", "chat/b/index", "session/creds",
        "chat/a/index"), e.list(""), "list(\"\") should return every key, newest first");
  }

  @Test
  default void list_overwriteMovesAKeyToTheFront() {
    Engine e = engine();
    setInOrder(e, List.of("k/a", "k/b", "k/c", "k/a"));
    assertEquals(List.of("k/a", "k/c", "k/b"), e.list("k/"),
        "overwriting k/a should make it the newest");
  }

  @Test
  default void list_withinOneInstant_isDeterministic_inTheDocumentedOrder() {
    Engine e = engine();
    clock().advanceMillis(1);
    for (String k : List.of("s/b", "s/c", "s/a", "s/d")) {
      e.set(k, "v");
    }
    List<String> expected = switch (declaredSameInstantOrder()) {
      case MODIFICATION_ORDER_NEWEST_FIRST -> List.of("s/d", "s/a", "s/c", "s/b");
      case KEY_ASCENDING -> List.of("s/a", "s/b", "s/c", "s/d");
    };
    for (int i = 0; i < 3; i++) {
      assertEquals(expected, e.list("s/"), "keys set in one instant should be listed in the"
          + " documented order " + declaredSameInstantOrder() + ", the same on every call");
    }
  }

  @Test
  default void list_prefixIsAPlainStringPrefix_notBoundToSegments() {
    Engine e = engine();
    setInOrder(e, List.of("chat/1x", "chat/12/index", "chat/2/index", "chat/1/index", "chat10"));
    assertEquals(List.of("chat/1/index", "chat/12/index", "chat/1x"), e.list("chat/1"),
        "list(chat/1) should return every key starting with chat/1, whatever follows");
    assertEquals(List.of("chat/1/index"), e.list("chat/1/"),
        "list(chat/1/) should return only keys under chat/1/");
    assertEquals(List.of("chat10", "chat/1/index", "chat/2/index", "chat/12/index", "chat/1x"),
        e.list("chat"), "list(chat) should include chat10");
    assertEquals(List.of("chat/12/index"), e.list("chat/12/index"),
        "a whole key is a prefix of itself");
  }

  @Test
  default void list_pagesWithOffsetAndLimit_withoutGapsOrRepeats() {
    Engine e = engine();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      keys.add(String.format("p/%02d", i));
    }
    setInOrder(e, keys);
    List<String> newestFirst = new ArrayList<>(keys.reversed());
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 30; offset += 7) {
      List<String> page = e.list("p/", offset, 7);
      assertEquals(newestFirst.subList(Math.min(offset, 23), Math.min(offset + 7, 23)), page,
          "list(p/, " + offset + ", 7) should be that slice of the newest-first order");
      paged.addAll(page);
    }
    assertEquals(newestFirst, paged, "pages should join into the whole list");
    assertEquals(List.of(), e.list("p/", 23, 5), "an offset at the end should give nothing");
    assertEquals(List.of(), e.list("p/", 1000, 5), "an offset past the end should give nothing");
  }

  @Test
  default void list_withoutOffsetAndLimit_returnsTheNewest50() {
    Engine e = engine();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keys.add(String.format("session/pre-key/%02d", i));
    }
    setInOrder(e, keys);
    assertEquals(keys.reversed().subList(0, 50), e.list("session/"),
        "list(prefix) should be list(prefix, 0, 50)");
  }

  @Test
  default void list_excludesDeletedKeys() {
    Engine e = engine();
    setInOrder(e, List.of("d/a", "d/b/c", "d/b/d", "d/e"));
    e.set("d/b", null);
    e.set("d/e", null);
    assertEquals(List.of("d/a"), e.list("d/"), "deleted keys should not be listed");
  }

  @Test
  default void list_refusesBadOffsetsAndLimits() {
    Engine e = engine();
    e.set("a", "1");
    assertRefused(e, "list(a, -1, 10)", "-1", () -> e.list("a", -1, 10));
    assertRefused(e, "list(a, 0, 0)", null, () -> e.list("a", 0, 0));
    assertRefused(e, "list(a, 0, -5)", null, () -> e.list("a", 0, -5));
    int over = EngineKeys.MAX_LIST_LIMIT + 1;
    assertRefused(e, "list(a, 0, " + over + ")", String.valueOf(over), () -> e.list("a", 0, over));
    assertEquals(List.of("a"), e.list("a", 0, EngineKeys.MAX_LIST_LIMIT),
        "the documented maximum limit should be accepted");
  }
}
