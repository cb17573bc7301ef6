package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.assertRefused;
import static dev.chatstore.tck.engine.EngineTck.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatstore.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code setBatch}: every entry applied in order as {@code set} would, or none at all. */
public interface SetBatchContract extends EngineContract {

  @Test
  default void setBatch_appliesEveryEntry() {
    Engine e = engine();
    e.setBatch(List.of(entry("session/pre-key/1", "a"), entry("session/pre-key/2", "b"),
        entry("lid/9@lid", "c")));
    assertEquals("a", e.get("session/pre-key/1"), "setBatch should store every entry");
    assertEquals("b", e.get("session/pre-key/2"), "setBatch should store every entry");
    assertEquals("c", e.get("lid/9@lid"), "setBatch should store every entry");
  }

  @Test
  default void setBatch_appliesEntriesInOrder_laterEntriesWin() {
    Engine e = engine();
    e.set("old/x", "1");
    e.setBatch(List.of(entry("a", "first"), entry("a", "second"), entry("old", null),
        entry("old/y", "after the delete"), entry("b/c", "kept"), entry("gone/z", "z"),
        entry("gone", null)));
    assertEquals("second", e.get("a"), "a later entry for the same key should win");
    assertNull(e.get("old/x"), "a null entry should cascade-delete old/x");
    assertEquals("after the delete", e.get("old/y"),
        "an entry after a cascade delete of its parent should survive it");
    assertNull(e.get("gone/z"), "a cascade delete after an entry should delete it");
    assertEquals(List.of("a", "b/c", "old/y"), e.list("").stream().sorted().toList(),
        "exactly the surviving keys should be listed");
  }

  @Test
  default void setBatch_withOneInvalidEntry_changesNothing() {
    Engine e = engine();
    e.set("keep", "1");
    assertRefused(e, "setBatch with an invalid key", "b/../c",
        () -> e.setBatch(List.of(entry("a", "1"), entry("keep", "2"), entry("b/../c", "3"))));
    assertNull(e.get("a"), "no entry of a refused batch should be applied");
    assertEquals("1", e.get("keep"), "no entry of a refused batch should be applied");
    assertRefused(e, "setBatch with a null entry", null, () -> {
      List<Map.Entry<String, String>> withNull = new ArrayList<>();
      withNull.add(entry("a", "1"));
      withNull.add(null);
      e.setBatch(withNull);
    });
    assertRefused(e, "setBatch(null)", null, () -> e.setBatch(null));
  }

  @Test
  default void setBatch_empty_changesNothing() {
    engine().set("a", "1");
    engine().setBatch(List.of());
    assertEquals(List.of("a"), engine().list(""), "an empty batch should change nothing");
  }

  @Test
  default void setBatch_entriesAreListedInBatchOrder_laterNewer() {
    Engine e = engine();
    clock().advanceMillis(1);
    e.setBatch(List.of(entry("q/b", "1"), entry("q/a", "2"), entry("q/c", "3")));
    List<String> expected = switch (declaredSameInstantOrder()) {
      case MODIFICATION_ORDER_NEWEST_FIRST -> List.of("q/c", "q/a", "q/b");
      case KEY_ASCENDING -> List.of("q/a", "q/b", "q/c");
    };
    assertEquals(expected, e.list("q/"), "entries of one batch are modified in one instant, in"
        + " list order: they should be listed in the documented order " + declaredSameInstantOrder());
  }
}
