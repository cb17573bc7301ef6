package dev.chatstore.whatsapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatstore.chat.ChatDb;
import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.MemberRole;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.chat.PutResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Writes a parsed {@link WhatsAppChat} into a {@link ChatDb}, idempotently.
 *
 * <h2>Ids</h2>
 * All ids are SHA-256 hashes of the export, so importing the same file twice (or a later export
 * of the same chat that repeats its messages) stores each message once:
 * <ul>
 *   <li>chat: {@code SHA-256("whatsapp-chat\0" + chat name)};</li>
 *   <li>user: the first 20 bytes of {@code SHA-256("whatsapp-user\0" + author)}; system lines
 *       are sent by the user of the empty author;</li>
 *   <li>message: {@code SHA-256("whatsapp-msg\0" + chat name, local time, author, text, n)}
 *       (NUL-separated), where {@code n} counts earlier messages of the file with the same time,
 *       author and text. The local time, not the instant, enters the hash, so the time zone
 *       chosen for the import does not change the ids.</li>
 * </ul>
 *
 * <h2>What is stored</h2>
 * Each message with its text; its HLC stamp is the export's local time in the given zone, the
 * logical counter numbering messages of the same minute in file order. The payload is a small
 * JSON object: {@code {"source":"whatsapp","author":…,"line":…}}, with {@code "system":true}
 * for system lines and {@code "attachment":{"file":…}} or {@code {"omitted":true}} for media.
 * Every author becomes a member of the chat (added at their first message) and gets the chat in
 * their inbox.
 *
 * <h2>Atomicity</h2>
 * The caller parses the whole file first, so a file with an unreadable line writes nothing.
 * Messages are then written in atomic chunks of {@value #CHUNK} ({@link ChatDb#putMessages});
 * should the store fail in the middle, running the import again completes it without duplicates.
 */
public final class WhatsAppImporter {
  /** Messages per atomic write. */
  public static final int CHUNK = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private WhatsAppImporter() {}

  /**
   * What an import did.
   *
   * @param chatId the chat's id
   * @param messages messages in the export
   * @param inserted messages that were new to the database
   * @param members distinct authors
   */
  public record Result(byte[] chatId, int messages, int inserted, int members) {}

  /** The chat id of a chat named {@code name}. */
  public static byte[] chatId(String name) {
    return sha256("whatsapp-chat\0" + name);
  }

  /** The user id of {@code author} (the empty string for system lines). */
  public static byte[] userId(String author) {
    return Arrays.copyOf(sha256("whatsapp-user\0" + author), ChatDb.USER_ID_BYTES);
  }

  /**
   * Writes {@code chat} into {@code db}, reading the export's local times in {@code zone}.
   *
   * @param progress told the number of messages written after each chunk
   */
  public static Result importChat(ChatDb db, WhatsAppChat chat, ZoneId zone,
      IntConsumer progress) {
    byte[] chatId = chatId(chat.name());
    Map<String, HlcTimestamp> firstByAuthor = new LinkedHashMap<>();
    Map<String, Integer> occurrences = new HashMap<>();
    Map<Long, Integer> logical = new HashMap<>();
    List<ChatMessage> messages = new ArrayList<>(chat.messages().size());
    for (WhatsAppMessage m : chat.messages()) {
      HlcTimestamp hlc = stamp(m.time(), zone, logical);
      String author = m.author() == null ? "" : m.author();
      if (m.author() != null) {
        firstByAuthor.putIfAbsent(author, hlc);
      }
      String identity = chat.name() + "\0" + m.time() + "\0" + author + "\0" + m.text();
      int n = occurrences.merge(identity, 1, Integer::sum) - 1;
      byte[] msgId = sha256("whatsapp-msg\0" + identity + "\0" + n);
      messages.add(new ChatMessage(chatId, msgId, userId(author), hlc, m.text(), payload(m)));
    }
    List<byte[]> members = firstByAuthor.keySet().stream().map(WhatsAppImporter::userId).toList();
    for (Map.Entry<String, HlcTimestamp> e : firstByAuthor.entrySet()) {
      db.addMember(chatId, userId(e.getKey()), MemberRole.PARTICIPANT, e.getValue());
    }
    int inserted = 0;
    for (int from = 0; from < messages.size(); from += CHUNK) {
      List<ChatMessage> chunk = messages.subList(from, Math.min(messages.size(), from + CHUNK));
      List<MessageWrite> writes = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        writes.add(new MessageWrite(chunk.get(i), i == chunk.size() - 1 ? members : List.of()));
      }
      for (PutResult r : db.putMessages(writes)) {
        inserted += r.inserted() ? 1 : 0;
      }
      progress.accept(chunk.size());
    }
    return new Result(chatId, messages.size(), inserted, members.size());
  }

  private static HlcTimestamp stamp(LocalDateTime time, ZoneId zone, Map<Long, Integer> logical) {
    long ms = Math.max(0, time.atZone(zone).toInstant().toEpochMilli());
    int n = logical.merge(ms, 1, Integer::sum) - 1;
    // more than 65,536 messages in one minute: spill into the following milliseconds
    return new HlcTimestamp(ms + n / (HlcTimestamp.MAX_LOGICAL + 1),
        n % (HlcTimestamp.MAX_LOGICAL + 1));
  }

  private static byte[] payload(WhatsAppMessage m) {
    ObjectNode p = JSON.createObjectNode();
    p.put("source", "whatsapp");
    if (m.system()) {
      p.put("system", true);
    } else {
      p.put("author", m.author());
    }
    p.put("line", m.line());
    if (m.attachment() != null) {
      ObjectNode a = p.putObject("attachment");
      if (m.attachment().omitted()) {
        a.put("omitted", true);
      } else {
        a.put("file", m.attachment().fileName());
      }
    }
    return p.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
