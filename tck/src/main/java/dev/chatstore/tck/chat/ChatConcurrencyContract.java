package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.message;
import static dev.chatstore.tck.chat.ChatDbTck.msg;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.MessageKey;
import dev.chatstore.chat.PutResult;
import dev.chatstore.chat.StoredMessage;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Concurrent writers, in one process and through two handles on the same data. */
public interface ChatConcurrencyContract extends ChatDbTck {

  @Test
  default void concurrentDuplicates_areStoredExactlyOnce() throws Exception {
    ChatDb second = ChatDb.open(store(), ChatDbConformanceSuite.TENANT);
    try {
      List<Callable<PutResult>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        ChatDb handle = t % 2 == 0 ? db() : second;
        int n = t;
        tasks.add(() -> handle.putMessage(message(chat(1), msg(1), at(100 + n), "copy " + n),
            List.of(user(1))));
      }
      List<PutResult> results = ChatDbTck.runConcurrently(tasks);
      assertThat(results).filteredOn(PutResult::inserted).hasSize(1);
      assertThat(db().range(chat(1), null, 10).items()).hasSize(1);
      assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(1);
      assertThat(db().listUserChats(user(1), null, 10).items()).hasSize(1);
      assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
    } finally {
      second.close();
    }
  }

  @Test
  default void concurrentMessagesOfOneChat_getDistinctSequenceNumbers() throws Exception {
    ChatDb second = ChatDb.open(store(), ChatDbConformanceSuite.TENANT);
    try {
      int threads = 6;
      int each = 15;
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        ChatDb handle = t % 2 == 0 ? db() : second;
        int base = t * each;
        tasks.add(() -> {
          for (int i = 0; i < each; i++) {
            handle.putMessage(message(chat(1), msg(base + i), at(1000 + base + i), "m"),
                List.of(user(1), user(2)));
          }
          return null;
        });
      }
      ChatDbTck.runConcurrently(tasks);
      List<StoredMessage> all = db().range(chat(1), null, 1000).items();
      assertThat(all).hasSize(threads * each);
      Set<Long> seqs = new HashSet<>();
      for (StoredMessage m : all) {
        seqs.add(m.key().seq());
      }
      assertThat(seqs).hasSize(threads * each);
      assertThat(db().chatMeta(chat(1)).orElseThrow().lastSeq()).isEqualTo(threads * each);
      assertThat(db().listUserChats(user(2), null, 10).items()).singleElement()
          .satisfies(i -> assertThat(i.activity()).isEqualTo(at(1000 + threads * each - 1)));
      assertThat(db().merkle(SyncDomain.MESSAGES).verify()).isEmpty();
      MessageKey last = all.get(all.size() - 1).key();
      assertThat(last.hlc()).isEqualTo(at(1000 + threads * each - 1));
    } finally {
      second.close();
    }
  }
}
