package dev.chatstore.chat;

import java.util.Arrays;
import java.util.Objects;

/**
 * One membership record for sync: who, in which chat, in which CRDT state.
 *
 * @param chatId the chat
 * @param user the user
 * @param info the CRDT state
 */
public record MemberRecord(byte[] chatId, byte[] user, MemberInfo info) {
  public MemberRecord {
    chatId = Ids.chat(chatId, "chat id");
    user = Ids.user(user, "user id");
    Objects.requireNonNull(info, "info");
  }

  @Override
  public byte[] chatId() {
    return chatId.clone();
  }

  @Override
  public byte[] user() {
    return user.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberRecord r && Arrays.equals(chatId, r.chatId)
        && Arrays.equals(user, r.user) && info.equals(r.info);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(chatId), Arrays.hashCode(user), info);
  }

  @Override
  public String toString() {
    return "MemberRecord[" + Ids.hex(chatId) + "/" + Ids.hex(user) + " " + info + "]";
  }
}
