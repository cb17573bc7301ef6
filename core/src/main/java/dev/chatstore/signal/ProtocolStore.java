package dev.chatstore.signal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * WhatsApp protocol bookkeeping for one device (specification 001, {@code ProtocolStore}):
 * per-device sender-key distribution status in groups, LID to phone-number mappings, base keys
 * for retry collision detection, the device registry, trusted-contact tokens and the sent
 * messages kept for retries.
 *
 * <p>Every put is an upsert; deleting an absent entry is a no-op. Strings naming JIDs, users,
 * addresses and ids must not be null or empty ({@link IllegalArgumentException}, nothing
 * changed). A stored record that cannot be decoded is a {@link dev.chatstore.kv.StoreException}
 * of kind {@code SERIALIZATION} naming its key. Thread-safe.
 */
public interface ProtocolStore {

  // --- sender-key distribution per device ---------------------------------------------------

  /**
   * Every device of group {@code groupJid} with its status: {@code true} when it holds our
   * current sender key, {@code false} when it needs a fresh sender-key distribution message.
   * Ordered by device JID.
   */
  List<Map.Entry<String, Boolean>> getSenderKeyDevices(String groupJid);

  /** Sets the status of each listed device of {@code groupJid}, in one atomic write. */
  void setSenderKeyStatus(String groupJid, List<Map.Entry<String, Boolean>> entries);

  /**
   * Forgets every device status of {@code groupJid} (its sender key was rotated), in one atomic
   * range delete; other groups keep theirs.
   */
  void clearSenderKeyDevices(String groupJid);

  // --- LID to phone-number mapping --------------------------------------------------------

  /** The mapping of LID {@code lid}, or empty. */
  Optional<LidPnMappingEntry> getLidMapping(String lid);

  /**
   * The mapping of phone number {@code phone} with the newest {@code updatedAt} (the most
   * recent LID), or empty. A LID that moved to another number no longer answers for the old one.
   */
  Optional<LidPnMappingEntry> getPnMapping(String phone);

  /**
   * Stores or updates the mapping of {@code entry.lid()}. An update keeps the {@code createdAt}
   * stored first and takes everything else from {@code entry}; when the LID moved to another
   * number, the lookup by the old number forgets it in the same atomic write.
   */
  void putLidMapping(LidPnMappingEntry entry);

  /** Every mapping, ordered by LID (for cache warm-up). */
  List<LidPnMappingEntry> getAllLidMappings();

  // --- base keys for retry collision detection --------------------------------------------

  /** Saves the base key of {@code address}'s session for message {@code messageId}. */
  void saveBaseKey(String address, String messageId, byte[] baseKey);

  /**
   * Whether the base key saved for ({@code address}, {@code messageId}) equals
   * {@code currentBaseKey}; false when none is saved.
   */
  boolean hasSameBaseKey(String address, String messageId, byte[] currentBaseKey);

  /** Deletes the base key saved for ({@code address}, {@code messageId}); absent is fine. */
  void deleteBaseKey(String address, String messageId);

  // --- device registry --------------------------------------------------------------------

  /**
   * Stores the device list of {@code record.user()} (replacing the previous one) and reports
   * whether the user's identity changed: when both the stored and the new record carry a
   * {@code rawId} and they differ, the result holds the change.
   *
   * <p>On an identity change the caller must forget what it knew of the old identity: delete
   * the Signal sessions of each of the user's devices ({@link SignalStore#listSessions} and
   * {@link SignalStore#deleteSession}) and mark the user's devices as needing a fresh sender
   * key in every group ({@link #setSenderKeyStatus} with {@code false}), so that the next
   * group message redistributes it. The store does not do this itself because the address
   * format of sessions belongs to the protocol layer.
   *
   * @return the identity change, or empty when there was none (first record, same or missing
   *     rawId)
   */
  Optional<IdentityChange> updateDeviceList(DeviceListRecord record);

  /** The known devices of {@code user}, or empty. */
  Optional<DeviceListRecord> getDevices(String user);

  // --- trusted-contact tokens -------------------------------------------------------------

  /** The token of {@code jid} (stored under its LID), or empty. */
  Optional<TcTokenEntry> getTcToken(String jid);

  /** Stores or replaces the token of {@code jid}. */
  void putTcToken(String jid, TcTokenEntry entry);

  /** Deletes the token of {@code jid}; absent is fine. */
  void deleteTcToken(String jid);

  /** Every JID holding a token, in order. */
  List<String> getAllTcTokenJids();

  /**
   * Deletes the tokens whose {@code tokenTimestamp} is strictly older than
   * {@code cutoffTimestamp} and returns how many it deleted.
   */
  int deleteExpiredTcTokens(long cutoffTimestamp);

  // --- sent messages kept for retry receipts ----------------------------------------------

  /**
   * Stores the serialized payload of a sent message, stamped with the current time (unix
   * seconds, from the store's clock); storing the same ids again replaces it and its stamp.
   */
  void storeSentMessage(String chatJid, String messageId, byte[] payload);

  /**
   * Atomically reads and deletes a sent message: of concurrent callers for the same message,
   * exactly one gets the payload and the others get empty.
   */
  Optional<byte[]> takeSentMessage(String chatJid, String messageId);

  /**
   * Deletes the sent messages stored strictly before {@code cutoffTimestamp} (unix seconds) and
   * returns how many it deleted.
   */
  int deleteExpiredSentMessages(long cutoffTimestamp);
}
