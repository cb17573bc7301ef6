package dev.chatstore.tck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.Messages;
import dev.chatstore.engine.MessageRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions: many independent engines in one store, none seeing or touching another's keys; and,
 * for a persistent engine, everything as it was after a close and reopen.
 */
public interface SessionContract extends EngineContract {

  @Test
  default void twoSessions_areIsolated() {
    Engine a = engine();
    Engine b = session("other");
    a.set("session/creds", "A");
    a.set("chat/x/index", "A");
    b.set("chat/x2/index", "B");
    assertNull(b.get("session/creds"), "session other should not see main's keys");
    assertEquals(List.of("chat/x2/index"), b.list(""), "list in other should show only its keys");
    b.set("chat", null);
    assertEquals("A", a.get("chat/x/index"), "a cascade delete in other should not touch main");
    assertEquals(0, b.deletePrefix(""), "other holds nothing more");
    assertEquals(List.of("chat/x/index", "session/creds"), a.list("").stream().sorted().toList(),
        "main should be untouched by other's deletes");
  }

  @Test
  default void sessionsWithSimilarIds_areIsolated() {
    List<String> ids = List.of("s", "s2", "ss", "s_", "s%", "s.x");
    for (String id : ids) {
      session(id).set("k", id);
    }
    for (String id : ids) {
      assertEquals(id, session(id).get("k"), "session " + EngineTck.show(id)
          + " should read its own value");
      assertEquals(List.of("k"), session(id).list(""), "session " + EngineTck.show(id)
          + " should list only its own key");
    }
  }

  @Test
  default void messages_ofTwoSessions_areIsolated() {
    Messages a = messagesOf(engine());
    Messages b = messagesOf(session("other"));
    a.append("c", 1, "A");
    b.append("c", 2, "B");
    assertEquals(List.of(new MessageRef(1, "A")), a.page("c", 0, 10),
        "main's index should hold only main's message");
    assertEquals(1, b.count("c"), "other's index should count only other's message");
  }

  @Test
  @RequiresCapability(EngineCapability.PERSISTENT)
  default void everything_survivesCloseAndReopen() {
    Engine e = engine();
    clock().advanceMillis(1);
    e.set("chat/a/index", "{\"a\":1}");
    clock().advanceMillis(1);
    e.set("chat/b/index", "");
    clock().advanceMillis(1);
    e.setBatch(List.of(EngineTck.entry("session/creds", "c"), EngineTck.entry("x/y", "gone")));
    e.set("x", null);
    Messages m = messagesOf(e);
    m.append("a", 5, "M5");
    m.append("a", 3, "M3");
    List<String> listed = e.list("");
    Engine again = reopen();
    assertEquals("{\"a\":1}", again.get("chat/a/index"), "a value should survive reopen");
    assertEquals("", again.get("chat/b/index"), "\"\" should survive reopen");
    assertNull(again.get("x/y"), "a deleted key should stay deleted after reopen");
    assertEquals(listed, again.list(""), "the newest-first order should survive reopen");
    Messages m2 = messagesOf(again);
    assertEquals(List.of(new MessageRef(5, "M5"), new MessageRef(3, "M3")), m2.page("a", 0, 10),
        "the message index should survive reopen");
    assertEquals("5 M5\n3 M3\n", again.get("chat/a/messages"),
        "the message index text should survive reopen");
  }

  @Test
  @RequiresCapability(EngineCapability.PERSISTENT)
  default void writesAfterReopen_areNewerThanWritesBefore() {
    Engine e = engine();
    e.set("k/old", "1");
    Engine again = reopen();
    clock().advanceMillis(1);
    again.set("k/new", "2");
    assertEquals(List.of("k/new", "k/old"), again.list("k/"),
        "a key written after reopen should be listed before one written before");
  }
}
