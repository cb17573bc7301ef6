package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.assertRefused;
import static dev.chatstore.tck.engine.EngineTck.entry;
import static dev.chatstore.tck.engine.EngineTck.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatstore.engine.Engine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key rules: hostile keys are refused by every method with an
 * {@link IllegalArgumentException} naming the key and changing nothing; wildcard characters of
 * globs and SQL are plain characters; non-ASCII keys work.
 */
public interface KeyRulesContract extends EngineContract {

  /** Keys every engine refuses; printable ones must be named in the message. */
  List<String> HOSTILE = List.of("", "/", "/a", "a/", "/a/", "a//b", ".", "..", "a/.", "a/./b",
      "a/../b", "../a", "../../etc/passwd", "a\0b", "\0", "a\nb", "a\rb", "a\tb", "a\u001bb",
      "a\u007fb", "a\u0085b", "chat/\u0000/index");

  private static String mention(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return null;
      }
    }
    return key.isEmpty() ? null : key;
  }

  @Test
  default void hostileKeys_areRefusedByEveryMethod_namingTheKey_andChangeNothing() {
    Engine e = engine();
    e.set("a/b", "kept");
    for (String bad : HOSTILE) {
      String m = mention(bad);
      assertRefused(e, "get(" + show(bad) + ")", m, () -> e.get(bad));
      assertRefused(e, "set(" + show(bad) + ", v)", m, () -> e.set(bad, "v"));
      assertRefused(e, "set(" + show(bad) + ", null)", m, () -> e.set(bad, null));
      assertRefused(e, "setBatch with " + show(bad), m,
          () -> e.setBatch(List.of(entry("ok/1", "v"), entry(bad, "v"))));
      if (declaredCapabilities().contains(EngineCapability.TTL)) {
        assertRefused(e, "setTtl(" + show(bad) + ")", m,
            () -> e.setTtl(bad, "v", Duration.ofMinutes(1)));
      }
    }
    assertEquals("kept", e.get("a/b"), "refused calls should leave a/b alone");
  }

  @Test
  default void nullKey_isRefused() {
    Engine e = engine();
    assertRefused(e, "get(null)", null, () -> e.get(null));
    assertRefused(e, "set(null, v)", null, () -> e.set(null, "v"));
    assertRefused(e, "list(null)", null, () -> e.list(null));
    assertRefused(e, "deletePrefix(null)", null, () -> e.deletePrefix(null));
  }

  @Test
  default void keyOf4KiB_isRefused_andAKeyOf200Bytes_isAccepted() {
    Engine e = engine();
    String huge = "k/" + "x".repeat(4094);
    assertRefused(e, "set of a 4 KiB key", null, () -> e.set(huge, "v"));
    assertRefused(e, "get of a 4 KiB key", null, () -> e.get(huge));
    String fine = "long/" + "y".repeat(195);
    e.set(fine, "v");
    assertEquals("v", e.get(fine), "a key of 200 bytes should be stored");
    assertEquals(List.of(fine), e.list("long/"), "a key of 200 bytes should be listed");
  }

  @Test
  default void nonAsciiKeys_areAllowed() {
    Engine e = engine();
    List<String> keys = List.of("chat/caf\u00e9/index", "chat/\u4e2d\u6587/index",
        "chat/\uD83D\uDE00/message/\u00f1/raw", "contact/\u0627\u0644\u0639/index");
    for (String k : keys) {
      e.set(k, k);
    }
    for (String k : keys) {
      assertEquals(k, e.get(k), "non-ASCII key " + k + " should round-trip");
    }
    assertEquals(List.of("chat/caf\u00e9/index"), e.list("chat/caf"),
        "a non-ASCII key should be found by its prefix");
    e.set("chat/\uD83D\uDE00", null);
    assertNull(e.get("chat/\uD83D\uDE00/message/\u00f1/raw"),
        "a cascade delete should work under a non-ASCII key");
  }

  @Test
  default void specLikeKeys_withAtSignsDotsAndSpaces_areAllowed() {
    Engine e = engine();
    List<String> keys = List.of("contact/584144709840@s.whatsapp.net/index",
        "chat/120363123456789@g.us/index", "lid/140913951141911@lid",
        "session/sender-key/120363@g.us::584144709840::0", "a b/c d", "a.b/...", ".hidden/x");
    for (String k : keys) {
      e.set(k, "v");
      assertEquals("v", e.get(k), k + " is a valid key and should be stored");
    }
  }

  @Test
  default void globAndSqlWildcards_areLiteral_inGetSetListAndDelete() {
    Engine e = engine();
    for (String k : List.of("a%", "a_", "a*", "a?", "a[b]", "ab", "aXb", "a\\b", "p%/x", "pa/x",
        "p_/x", "pq/x")) {
      e.set(k, k);
    }
    assertEquals(List.of("a%"), e.list("a%"), "list(a%) should match only keys starting with a%"
        + " literally, never ab");
    assertEquals(List.of("a_"), e.list("a_"), "list(a_) should treat _ literally");
    assertEquals(List.of("a*"), e.list("a*"), "list(a*) should treat * literally");
    assertEquals(List.of("a?"), e.list("a?"), "list(a?) should treat ? literally");
    assertEquals(List.of("a[b]"), e.list("a["), "list(a[) should treat [ literally");
    assertEquals(List.of("a\\b"), e.list("a\\"), "list(a\\\\) should treat \\ literally");
    assertNull(e.get("a["), "get should not match patterns");
    e.set("p%", null);
    assertEquals("pa/x", e.get("pa/x"), "set(p%, null) should not delete pa/x");
    assertNull(e.get("p%/x"), "set(p%, null) should delete p%/x");
    e.set("p_", null);
    assertEquals("pq/x", e.get("pq/x"), "set(p_, null) should not delete pq/x");
    assertEquals(1, e.deletePrefix("a%"), "deletePrefix(a%) should delete only a%");
    assertEquals("ab", e.get("ab"), "deletePrefix(a%) should not delete ab");
    assertEquals(1, e.deletePrefix("a*"), "deletePrefix(a*) should delete only a*");
    assertEquals("aXb", e.get("aXb"), "deletePrefix(a*) should not delete aXb");
  }

  @Test
  default void prefixesThatNoKeyCanStartWith_matchNothing() {
    Engine e = engine();
    e.set("a/b", "v");
    assertEquals(List.of(), e.list("a\0"), "list of a prefix with NUL should match nothing");
    assertEquals(List.of(), e.list("a//"), "list(a//) should match nothing");
    assertEquals(List.of(), e.list("/"), "list(/) should match nothing");
    assertEquals(0, e.deletePrefix("a\0"), "deletePrefix of a prefix with NUL removes nothing");
    assertEquals("v", e.get("a/b"), "a/b should be untouched");
  }
}
