package dev.chatstore.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCacheTest {
  /** Chat ids that all fall into lock stripe 0 (so into one LRU). */
  private static List<byte[]> chatsOfStripeZero(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      byte[] chat = ByteBuffer.allocate(ChatDb.CHAT_ID_BYTES).putInt(0, i).array();
      if (ChatContext.entityStripe(chat) == 0) {
        out.add(chat);
      }
    }
    return out;
  }

  private static ChatCache.Entry entry(int positions) {
    Positions pos = new Positions(positions);
    for (int u = 0; u < positions; u++) {
      pos.set(ByteBuffer.allocate(ChatDb.USER_ID_BYTES).putInt(0, u).array(), new byte[8]);
    }
    return new ChatCache.Entry(new byte[1], null, positions > 0, null, pos);
  }

  @Test
  void aStripeKeepsItsMostRecentlyUsedChatsWithinItsBound() {
    ChatCache cache = new ChatCache();
    List<byte[]> chats = chatsOfStripeZero(ChatCache.CHATS_PER_STRIPE + 10);
    for (byte[] c : chats) {
      cache.put(c, entry(0));
      cache.get(chats.get(0)); // the first chat stays in use
    }
    assertThat(cache.get(chats.get(0))).isNotNull();
    for (int i = 1; i <= 10; i++) {
      assertThat(cache.get(chats.get(i))).as("chat %d", i).isNull();
    }
    for (int i = 11; i < chats.size(); i++) {
      assertThat(cache.get(chats.get(i))).as("chat %d", i).isNotNull();
    }
  }

  @Test
  void aStripeKeepsItsPositionsWithinItsBound_countingReplacedEntriesOnce() {
    ChatCache cache = new ChatCache();
    List<byte[]> chats = chatsOfStripeZero(4);
    int big = ChatCache.POSITIONS_PER_STRIPE / 3;
    for (int round = 0; round < 5; round++) {
      cache.put(chats.get(0), entry(big)); // replaced, not added up
      cache.put(chats.get(1), entry(big));
    }
    cache.put(chats.get(2), entry(big));
    assertThat(cache.get(chats.get(0))).isNotNull();
    assertThat(cache.get(chats.get(1))).isNotNull();
    assertThat(cache.get(chats.get(2))).isNotNull();
    cache.put(chats.get(3), entry(big)); // 4 x big > the bound: the least recently used goes
    assertThat(cache.get(chats.get(0))).isNull();
    assertThat(cache.get(chats.get(3))).isNotNull();
    cache.remove(chats.get(1));
    cache.put(chats.get(0), entry(big)); // room again after the removal
    assertThat(cache.get(chats.get(2))).isNotNull();
    assertThat(cache.get(chats.get(3))).isNotNull();
    assertThat(cache.get(chats.get(0))).isNotNull();
  }

  @Test
  void aCachedChatIdIsACopy() {
    ChatCache cache = new ChatCache();
    byte[] chat = chatsOfStripeZero(1).get(0);
    byte[] original = chat.clone();
    cache.put(chat, entry(0));
    chat[31] ^= 1; // the caller reuses its array; the entry stays under the original id
    assertThat(cache.get(original)).isNotNull();
  }
}
