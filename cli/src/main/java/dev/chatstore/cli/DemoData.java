package dev.chatstore.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The world of {@code chatstore demo}: three accounts, their contacts, and the group and direct
 * chats between them, with every id, key and message derived from fixed seeds, so that each run
 * produces exactly the same data.
 */
final class DemoData {
  /** When the first message of every chat was sent (epoch ms). */
  static final long BASE_TIME = 1_763_600_000_000L;
  static final int CONTACTS_PER_ACCOUNT = 12;
  static final int PREKEYS = 100;
  static final int SESSION_BYTES = 1200;

  private static final List<String> NAMES = List.of("Ana", "Ben", "Chloé", "Dev", "Emil", "Fatima",
      "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lena");
  private static final List<String> PHRASES = List.of("see you at 8?", "on my way",
      "did you get the photos?", "haha yes", "can someone bring the charger", "sounds good 👍",
      "running 10 minutes late, sorry", "who's in for Saturday?", "thanks!",
      "the train is delayed again", "I'll call you later", "happy birthday 🎉");

  /** One user of the demo, with a client (an Engine session and a Signal device) of its own. */
  record Account(String name, String jid, String tenant) {}

  /** A chat of the shared chat database; {@code members} are JIDs, accounts first. */
  record Chat(String key, String title, String groupJid, List<String> members, int messages) {
    boolean group() {
      return groupJid != null;
    }

    /** The chat's JID as {@code account}'s client names it: the group, or the other party. */
    String jidFor(String account) {
      return group() ? groupJid : members.get(members.get(0).equals(account) ? 1 : 0);
    }
  }

  /** One message of a chat, as the sender wrote it. */
  record Message(Chat chat, int n, String sender, long timestamp, String text) {
    /** The 32-byte message id of the chat database. */
    byte[] msgId() {
      return bytes("msg " + chat.key + " " + n, 32);
    }

    /** The message id of the client's Engine, a WhatsApp-style {@code 3EB0…} hex id. */
    String clientId() {
      return "3EB0" + HexFormat.of().withUpperCase().formatHex(msgId(), 0, 8);
    }
  }

  static final List<Account> ACCOUNTS = List.of(
      new Account("alice", "15550100001@s.whatsapp.net", "demo-alice"),
      new Account("bob", "15550100002@s.whatsapp.net", "demo-bob"),
      new Account("carol", "4915100100003@s.whatsapp.net", "demo-carol"));

  static final List<Chat> CHATS = chats();

  private DemoData() {}

  /** The JID of contact {@code i} of account {@code a}: US numbers and German ones. */
  static String contact(int a, int i) {
    return i % 2 == 0
        ? String.format(Locale.ROOT, "1555%d%06d@s.whatsapp.net", a + 2, i)
        : String.format(Locale.ROOT, "49151%d%06d@s.whatsapp.net", a + 2, i);
  }

  static String contactName(int a, int i) {
    return NAMES.get((i + a * 5) % NAMES.size()) + " " + (char) ('A' + (i * 7 + a) % 26) + ".";
  }

  /** The contact JIDs of account {@code a}: its contacts and the other accounts. */
  static List<String> addressBook(int a) {
    List<String> out = new ArrayList<>();
    for (Account other : ACCOUNTS) {
      if (!other.equals(ACCOUNTS.get(a))) {
        out.add(other.jid());
      }
    }
    for (int i = 0; i < CONTACTS_PER_ACCOUNT; i++) {
      out.add(contact(a, i));
    }
    return out;
  }

  /** The display name of {@code jid} in account {@code a}'s address book. */
  static String nameOf(int a, String jid) {
    for (Account acc : ACCOUNTS) {
      if (acc.jid().equals(jid)) {
        return capitalize(acc.name());
      }
    }
    for (int i = 0; i < CONTACTS_PER_ACCOUNT; i++) {
      if (contact(a, i).equals(jid)) {
        return contactName(a, i);
      }
    }
    return jid;
  }

  /** The chats of account {@code jid}, in the order of {@link #CHATS}. */
  static List<Chat> chatsOf(String jid) {
    return CHATS.stream().filter(c -> c.members().contains(jid)).toList();
  }

  static int totalMessages() {
    return CHATS.stream().mapToInt(Chat::messages).sum();
  }

  /** Message {@code n} of {@code chat}: a message a minute, senders taking turns unevenly. */
  static Message message(Chat chat, int n) {
    int chatNo = CHATS.indexOf(chat);
    int who = (n * 7 + n / 5 + chatNo) % chat.members().size();
    String phrase = PHRASES.get((n * 5 + chatNo) % PHRASES.size());
    return new Message(chat, n, chat.members().get(who), BASE_TIME + n * 60_000L + chatNo * 1000L,
        phrase);
  }

  /** How many of {@code chat}'s newest messages account {@code jid} has not read yet. */
  static int unreadBy(Chat chat, String jid) {
    int h = Math.floorMod((chat.key() + jid).hashCode(), 7);
    return h < 3 ? 0 : h * 2 - 3;
  }

  /** The 20-byte chat database user id of {@code jid}. */
  static byte[] userId(String jid) {
    return bytes("user " + jid, 20);
  }

  /** The 32-byte chat database chat id of {@code chat}. */
  static byte[] chatId(Chat chat) {
    return bytes("chat " + chat.key(), 32);
  }

  private static List<Chat> chats() {
    String a = ACCOUNTS.get(0).jid();
    String b = ACCOUNTS.get(1).jid();
    String c = ACCOUNTS.get(2).jid();
    List<Chat> out = new ArrayList<>();
    out.add(new Chat("family", "Family", "120363000000000001@g.us",
        List.of(a, b, c, contact(0, 0), contact(0, 1)), 300));
    out.add(new Chat("work", "Launch team", "120363000000000002@g.us",
        List.of(a, b, contact(1, 0), contact(1, 1), contact(1, 2)), 300));
    out.add(new Chat("climbing", "Climbing Tuesdays", "120363000000000003@g.us",
        List.of(c, contact(2, 0), contact(2, 1), contact(2, 2), contact(2, 3)), 300));
    out.add(direct(a, b, 150));
    out.add(direct(a, c, 150));
    out.add(direct(b, c, 150));
    for (int acc = 0; acc < ACCOUNTS.size(); acc++) {
      for (int i = 0; i < 3; i++) {
        out.add(direct(ACCOUNTS.get(acc).jid(), contact(acc, i + 2), 100));
      }
    }
    return List.copyOf(out);
  }

  private static Chat direct(String from, String to, int messages) {
    return new Chat("direct " + from + " " + to, null, null, List.of(from, to), messages);
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** {@code length} deterministic bytes derived from {@code seed} (SHA-256, chained). */
  static byte[] bytes(String seed, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] out = new byte[length];
      byte[] block = sha.digest(seed.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < length; i++) {
        if (i > 0 && i % block.length == 0) {
          block = sha.digest(block);
        }
        out[i] = block[i % block.length];
      }
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
