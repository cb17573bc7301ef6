package dev.chatstore.bench;

import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.Hlc;
import dev.chatstore.chat.MessageWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded data of {@link ChatWorkloadBenchmark}: chats of 2 (80 %) or 3-50 members (20 %)
 * drawn from a pool of users, and a stream of messages to random chats, each sent by one of its
 * members and pushed to every member's inbox. The same seed gives the same data.
 */
final class ChatWorkload {
  private static final String WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed"
      + " do eiusmod tempor incididunt ut labore et dolore magna aliqua ";

  final byte[][] chats;
  final byte[][][] members;
  final byte[][] users;
  private final SplittableRandom rnd;
  private final Hlc hlc = Hlc.system();
  private long next;

  ChatWorkload(int chatCount, long seed) {
    rnd = new SplittableRandom(seed);
    users = new byte[Math.max(100, chatCount * 2)][];
    for (int i = 0; i < users.length; i++) {
      users[i] = bytes(20);
    }
    chats = new byte[chatCount][];
    members = new byte[chatCount][][];
    for (int c = 0; c < chatCount; c++) {
      chats[c] = bytes(32);
      int n = rnd.nextInt(100) < 80 ? 2 : 3 + rnd.nextInt(48);
      members[c] = new byte[n][];
      for (int m = 0; m < n; m++) {
        members[c][m] = users[rnd.nextInt(users.length)];
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** The next {@code count} messages, with their inbox users (every member of the chat). */
  List<MessageWrite> nextMessages(int count) {
    List<MessageWrite> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int c = rnd.nextInt(chats.length);
      byte[][] m = members[c];
      int from = rnd.nextInt(WORDS.length() / 2);
      String text = "#" + next++ + " " + WORDS.substring(from, from + 20 + rnd.nextInt(40));
      ChatMessage msg = new ChatMessage(chats[c], bytes(32), m[rnd.nextInt(m.length)],
          hlc.now(), text, null);
      out.add(new MessageWrite(msg, List.of(m)));
    }
    return out;
  }

  /** A random chat index. */
  int randomChat(SplittableRandom r) {
    return r.nextInt(chats.length);
  }

  /** A random user that is a member of some chat. */
  byte[] randomMember(SplittableRandom r) {
    byte[][] m = members[r.nextInt(members.length)];
    return m[r.nextInt(m.length)];
  }
}
