package dev.chatstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The key layout of the specification and the key rules every engine enforces. */
class EngineKeysTest {

  @Test
  void builders_produceTheSpecificationsKeys() {
    String jid = "584144709840@s.whatsapp.net";
    assertThat(EngineKeys.sessionCreds()).isEqualTo("session/creds");
    assertThat(EngineKeys.sessionKey(EngineKeys.PRE_KEY, "12")).isEqualTo("session/pre-key/12");
    assertThat(EngineKeys.sessionKey(EngineKeys.SESSION_RECORD, jid))
        .isEqualTo("session/session/" + jid);
    assertThat(EngineKeys.lid("140913951141911@lid")).isEqualTo("lid/140913951141911@lid");
    assertThat(EngineKeys.contactIndex(jid)).isEqualTo("contact/" + jid + "/index");
    assertThat(EngineKeys.chatIndex(jid)).isEqualTo("chat/" + jid + "/index");
    assertThat(EngineKeys.chatMessages(jid)).isEqualTo("chat/" + jid + "/messages");
    assertThat(EngineKeys.messageIndex(jid, "AC07")).isEqualTo("chat/" + jid + "/message/AC07/index");
    assertThat(EngineKeys.messageContent(jid, "AC07"))
        .isEqualTo("chat/" + jid + "/message/AC07/content");
    assertThat(EngineKeys.messageRaw(jid, "AC07")).isEqualTo("chat/" + jid + "/message/AC07/raw");
    assertThat(EngineKeys.chat(jid)).isEqualTo("chat/" + jid);
    for (String k : List.of(EngineKeys.sessionCreds(), EngineKeys.messageRaw(jid, "AC07"))) {
      assertThat(EngineKeys.isValidKey(k)).isTrue();
    }
  }

  @Test
  void builders_refuseASegmentWithASlash_namingIt() {
    assertThatThrownBy(() -> EngineKeys.chatIndex("a/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat jid").hasMessageContaining("\"a/b\"");
    assertThatThrownBy(() -> EngineKeys.messageIndex("c", "..")).hasMessageContaining("message id");
    assertThatThrownBy(() -> EngineKeys.lid("")).hasMessageContaining("lid");
    assertThatThrownBy(() -> EngineKeys.contact(null)).hasMessageContaining("contact jid");
  }

  @Test
  void chatOfMessagesKey_recognisesOnlyTheIndexKeyOfAChat() {
    assertThat(EngineKeys.chatOfMessagesKey("chat/x@g.us/messages")).contains("x@g.us");
    assertThat(EngineKeys.chatOfMessagesKey("chat/a/b/messages")).isEmpty();
    assertThat(EngineKeys.chatOfMessagesKey("chat//messages")).isEmpty();
    assertThat(EngineKeys.chatOfMessagesKey("chat/messages")).isEmpty();
    assertThat(EngineKeys.chatOfMessagesKey("chats/a/messages")).isEqualTo(Optional.empty());
    assertThat(EngineKeys.chatOfMessagesKey("chat/a/messages2")).isEmpty();
  }

  @Test
  void checkKey_refusesHostileKeys_namingTheKey() {
    for (String bad : List.of("", "/", "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "a\0b",
        "a\nb", "a\u007fb", "a\u0085b", "\uD800", "a/\uDC00", "x".repeat(513))) {
      assertThatThrownBy(() -> EngineKeys.checkKey(bad)).as("key %s", EngineKeys.quote(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(EngineKeys.quote(bad).substring(0, Math.min(20, bad.length() + 1)));
    }
    assertThatThrownBy(() -> EngineKeys.checkKey(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checkKey_acceptsEveryOtherCharacter() {
    for (String ok : List.of("a", "a.b", "...", ".a/a.", "a b", "*?[]%_", "chat/\u00e9\u4e2d\uD83D\uDE00",
        "x".repeat(512), "\u00e9".repeat(256))) {
      assertThat(EngineKeys.checkKey(ok)).isEqualTo(ok);
    }
    assertThat(EngineKeys.isValidKey("\u00e9".repeat(257))).as("257 two-byte chars").isFalse();
  }

  @Test
  void messageRef_refusesWhitespaceSlashAndNegativeTimestamps() {
    assertThatThrownBy(() -> new MessageRef(1, "a b")).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> new MessageRef(1, "a/b")).hasMessageContaining("/");
    assertThatThrownBy(() -> new MessageRef(-1, "a")).hasMessageContaining("-1");
    assertThatThrownBy(() -> new MessageRef(1, "x".repeat(257))).hasMessageContaining("257");
  }

  @Test
  void newestFirst_ordersByTimestampThenIdByCodePoint() {
    List<MessageRef> refs = new java.util.ArrayList<>(List.of(new MessageRef(1, "b"),
        new MessageRef(2, "a"), new MessageRef(1, "\uFF5E"), new MessageRef(1, "\uD83D\uDE00"),
        new MessageRef(1, "a")));
    refs.sort(MessageRef.NEWEST_FIRST);
    assertThat(refs).extracting(MessageRef::id)
        .containsExactly("a", "\uD83D\uDE00", "\uFF5E", "b", "a");
  }

  @Test
  void indexText_parsesLooselyAndRendersCanonically() {
    List<MessageRef> refs = IndexText.parse("k", "\n1 a\r\n 3   c \n2 b\n1 c\n");
    assertThat(refs).containsExactly(new MessageRef(3, "c"), new MessageRef(2, "b"),
        new MessageRef(1, "a"));
    assertThat(IndexText.render(refs)).isEqualTo("3 c\n2 b\n1 a\n");
    assertThat(IndexText.parse("k", "")).isEmpty();
    assertThatThrownBy(() -> IndexText.parse("k", "1 a\nx b")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> IndexText.parse("k", "12")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> IndexText.parse("k", "1 a b")).hasMessageContaining("whitespace");
  }
}
