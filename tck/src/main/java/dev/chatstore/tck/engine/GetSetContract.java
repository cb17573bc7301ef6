package dev.chatstore.tck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.engine.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code get} and {@code set}: text stored as given, {@code ""} a value, {@code null} a cascade
 * delete of the key and its sub-keys that never reaches a sibling sharing a prefix.
 */
public interface GetSetContract extends EngineContract {

  @Test
  default void get_ofAbsentKey_isNull() {
    assertNull(engine().get("session/creds"), "get of a key never set should be null");
  }

  @Test
  default void set_thenGet_returnsTheTextAsGiven() {
    Engine e = engine();
    List<String> values = List.of("{\"id\":\"584144709840@s.whatsapp.net\",\"name\":null}",
        "line one\nline two\r\n\ttabbed", "caf\u00e9 \u4e2d\u6587 \uD83D\uDE00", " padded ",
        "\u0000nul and \u001b control chars in a value", "x".repeat(100_000));
    for (int i = 0; i < values.size(); i++) {
      e.set("v/" + i, values.get(i));
    }
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), e.get("v/" + i), "get should return exactly the text set"
          + " under v/" + i);
    }
  }

  @Test
  default void set_overwritesTheValue() {
    engine().set("chat/a/index", "1");
    engine().set("chat/a/index", "2");
    assertEquals("2", engine().get("chat/a/index"), "set of an existing key should replace it");
    assertEquals(List.of("chat/a/index"), engine().list("chat/"),
        "an overwritten key should be listed once");
  }

  @Test
  default void set_emptyString_isStored_notDeleted() {
    engine().set("a/empty", "");
    assertEquals("", engine().get("a/empty"), "\"\" is a value: get should return \"\", not null");
    assertEquals(List.of("a/empty"), engine().list("a/"), "a key holding \"\" should be listed");
  }

  @Test
  default void setNull_deletesTheKey() {
    engine().set("lid/1@lid", "584144709840@s.whatsapp.net");
    engine().set("lid/1@lid", null);
    assertNull(engine().get("lid/1@lid"), "set(k, null) should delete k");
    assertEquals(List.of(), engine().list("lid/"), "a deleted key should not be listed");
  }

  @Test
  default void setNull_deletesEverySubKey() {
    Engine e = engine();
    e.set("chat/c1/index", "{}");
    e.set("chat/c1/messages", "1 A\n");
    e.set("chat/c1/message/A/index", "{}");
    e.set("chat/c1/message/A/raw", "{}");
    e.set("chat/c1", null);
    for (String k : List.of("chat/c1/index", "chat/c1/messages", "chat/c1/message/A/index",
        "chat/c1/message/A/raw")) {
      assertNull(e.get(k), "set(chat/c1, null) should also delete " + k);
    }
    assertEquals(List.of(), e.list("chat/"), "nothing of chat/c1 should be listed after"
        + " set(chat/c1, null)");
  }

  @Test
  default void cascadeDelete_keepsSiblingsWithSharedPrefix() {
    Engine e = engine();
    List<String> siblings = List.of("k2", "k2x/a", "kk/a", "k-x", "k.x/y", "k_/z", "k%/z",
        "j/k/a", "a/k/b");
    e.set("k/a", "child");
    e.set("k/b/c", "grandchild");
    for (String s : siblings) {
      e.set(s, s);
    }
    e.set("k", null);
    assertNull(e.get("k/a"), "set(k, null) should also delete k/a");
    assertNull(e.get("k/b/c"), "set(k, null) should also delete k/b/c");
    for (String s : siblings) {
      assertEquals(s, e.get(s), "set(k, null) should never delete " + s
          + ", which only shares a prefix with k");
    }
    assertEquals(siblings.size(), e.list("").size(), "only k's subtree should be gone");
  }

  @Test
  @RequiresCapability(EngineCapability.NESTED_VALUES)
  default void cascadeDelete_ofAKeyWithAValueAndSubKeys_deletesBoth() {
    Engine e = engine();
    e.set("k", "parent");
    e.set("k/child", "child");
    e.set("k2", "sibling");
    assertEquals("parent", e.get("k"), "k should hold its value beside k/child");
    e.set("k", null);
    assertNull(e.get("k"), "set(k, null) should delete k");
    assertNull(e.get("k/child"), "set(k, null) should also delete k/child");
    assertEquals("sibling", e.get("k2"), "set(k, null) should never delete k2");
  }

  @Test
  default void setNull_ofAbsentKey_isANoOp() {
    engine().set("x/y", "1");
    engine().set("nothing/here", null);
    engine().set("x/y/z", null);
    assertEquals("1", engine().get("x/y"), "deleting absent keys should change nothing");
    assertEquals(List.of("x/y"), engine().list(""), "deleting absent keys should change nothing");
  }

  @Test
  default void setNull_ofAParentWithoutValue_stillDeletesItsSubKeys() {
    engine().set("contact/j1/index", "{}");
    engine().set("contact", null);
    assertNull(engine().get("contact/j1/index"),
        "set(contact, null) should delete contact/j1/index although contact has no value");
  }

  @Test
  default void setNull_onlyNullDeletes() {
    engine().set("a", "");
    engine().set("b", "null");
    assertEquals("", engine().get("a"), "set(a, \"\") should store \"\"");
    assertEquals("null", engine().get("b"), "set(b, \"null\") should store the text null");
    assertTrue(engine().list("").containsAll(List.of("a", "b")), "both should be listed");
  }
}
